/// A one-line progress bar for batch jobs: `[#####·····]  120/1000  12%  8.5/s  ETA 1:43`.
public struct ProgressBar: Sendable, Equatable {
    public var total: Int
    /// Text before the bar (e.g. the job name).
    public var label: String

    public init(total: Int, label: String = "") {
        self.total = max(0, total)
        self.label = label
    }

    /// Items per second so far; nil before any time has passed.
    public static func rate(done: Int, elapsed: Double) -> Double? {
        guard elapsed > 0, elapsed.isFinite else { return nil }
        return Double(done) / elapsed
    }

    /// Seconds left at the average rate so far; nil while the rate is unknown or zero.
    public func eta(done: Int, elapsed: Double) -> Double? {
        guard let rate = Self.rate(done: done, elapsed: elapsed), rate > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }

    /// The bar for `done` items after `elapsed` seconds, fitted to `width` columns.
    /// The counters always show; the bar takes what room is left (none below 10 columns).
    public func line(done: Int, elapsed: Double, width: Int) -> String {
        let done = min(max(0, done), total == 0 ? max(0, done) : total)
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        var counters = "  \(done)/\(total)  \(Int((fraction * 100).rounded(.down)))%"
        if let rate = Self.rate(done: done, elapsed: elapsed) {
            counters += "  " + Self.formatRate(rate)
        }
        if done >= total {
            counters += "  in " + DurationText.clock(elapsed)
        } else {
            counters += "  ETA " + (eta(done: done, elapsed: elapsed).map(DurationText.clock) ?? "--:--")
        }
        let prefix = label.isEmpty ? "" : label + " "
        let room = width - TextLayout.displayWidth(prefix) - TextLayout.displayWidth(counters) - 2
        guard room >= 10 else { return TextLayout.truncate(prefix + counters.trimmed, to: width) }
        let filled = min(room, Int((fraction * Double(room)).rounded(.down)))
        return prefix + "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: room - filled) + "]" + counters
    }

    static func formatRate(_ rate: Double) -> String {
        if rate >= 100 { return "\(Int(rate.rounded()))/s" }
        if rate >= 1 { return String(Int((rate * 10).rounded()) / 10) + "." + String(Int((rate * 10).rounded()) % 10) + "/s" }
        let perMinute = rate * 60
        return String(Int((perMinute * 10).rounded()) / 10) + "." + String(Int((perMinute * 10).rounded()) % 10) + "/min"
    }
}
