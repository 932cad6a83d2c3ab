import Foundation

/// The 95 % Wilson score interval of a proportion: where the rate on new requests of the same
/// kind likely lies, given `successes` of `trials` here. Unlike p̂ ± 1.96·SE it stays inside
/// [0, 1] and is not empty at 0 or n successes, which is where small out-of-scope sets sit.
public struct ProportionInterval: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    /// The normal quantile for 95 % two-sided.
    static let z = 1.959963984540054

    /// nil without trials.
    public init?(successes: Int, trials: Int) {
        guard trials > 0, (0...trials).contains(successes) else { return nil }
        let n = Double(trials), p = Double(successes) / n, z2 = Self.z * Self.z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = Self.z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
