/// Prices and power for the cost and energy figures: a deployment's own
/// numbers, from the `[costs]` table of its policy file. Never fetched.
///
/// The defaults are placeholders to be replaced: a small hosted model's list
/// prices (USD 0.15 / 0.60 per million input / output tokens), a 65 W desktop
/// CPU under load, USD 1500 of hardware and USD 0.30 per kWh.
public struct CostSettings: Codable, Sendable, Equatable {
    /// What the same tokens would cost on a cloud API, per million.
    public var inputPricePerMillion: Double
    public var outputPricePerMillion: Double
    /// Power drawn while the CPU works; CPU-seconds × this estimates energy where RAPL is unreadable.
    public var watts: Double
    /// What the machine cost, for the payback time.
    public var hardwareCost: Double
    public var electricityPricePerKilowattHour: Double
    public var currency: String

    enum CodingKeys: String, CodingKey {
        case watts, currency
        case inputPricePerMillion = "input_price_per_million"
        case outputPricePerMillion = "output_price_per_million"
        case hardwareCost = "hardware_cost"
        case electricityPricePerKilowattHour = "electricity_price_per_kilowatt_hour"
    }

    public init(inputPricePerMillion: Double = 0.15, outputPricePerMillion: Double = 0.60, watts: Double = 65,
                hardwareCost: Double = 1500, electricityPricePerKilowattHour: Double = 0.30, currency: String = "USD") {
        self.inputPricePerMillion = inputPricePerMillion
        self.outputPricePerMillion = outputPricePerMillion
        self.watts = watts
        self.hardwareCost = hardwareCost
        self.electricityPricePerKilowattHour = electricityPricePerKilowattHour
        self.currency = currency
    }
}
