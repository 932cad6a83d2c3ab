import Swarm
import XCTest

/// The `[costs]` table the dashboard's cost figures come from.
final class PolicyCostsTests: XCTestCase {
    func testKeysThatAreSetAreReadAndTheRestStayUnset() throws {
        let costs = try PolicySpec(parsing: "[costs]\ninput_per_million = 3\noutput_per_million = 15.5\ncurrency = \"EUR\"\n").costs
        XCTAssertEqual(costs, PolicySpec.CostRules(inputPerMillion: 3, outputPerMillion: 15.5, currency: "EUR"))
        XCTAssertEqual(try PolicySpec(parsing: "").costs, PolicySpec.CostRules())
    }

    func testBadValuesAndMisspeltKeysAreReportedWhereTheyAre() {
        XCTAssertThrowsError(try PolicySpec(parsing: "[costs]\nwatts = -5\nhardware = \"a lot\"\nelectricity = 0.3\n", file: "p.toml")) { error in
            XCTAssertEqual((error as? PolicyError)?.problems, [
                "p.toml:2:9: error: costs.watts must be a number ≥ 0",
                "p.toml:3:12: error: costs.hardware must be a number ≥ 0",
                "p.toml:4:1: error: unknown key 'costs.electricity' (expected one of input_per_million, output_per_million, watts, hardware, electricity_per_kwh, currency)",
            ])
        }
    }
}
