import XCTest
@testable import TOML

final class TOMLTableTests: XCTestCase {
    private let swarm = """
        name = "support"
        tags = ["a", "b"]

        [router]
        strategy = "rules"
        min_confidence = 1
        enabled = true

        [[specialists]]
        domain = "billing"

        [[specialists]]
        domain = "tech"
        "odd key" = { nested.deep = 1 }
        """

    func testLookupByKeyAndDottedPathInSourceOrder() throws {
        let document = try TOMLDocument(parsing: swarm, file: "swarm.toml")
        XCTAssertEqual(document.root.keys, ["name", "tags", "router", "specialists"])
        XCTAssertEqual(try document.root.table("router").keys, ["strategy", "min_confidence", "enabled"])
        XCTAssertEqual(document.value(atPath: "router.strategy")?.string, "rules")
        XCTAssertNil(document.value(atPath: "router.missing"))
        XCTAssertNil(document.value(atPath: "name.length"))
        XCTAssertEqual(document.root.value(at: ["specialists"])?.array?.count, 2)
    }

    func testTypedAccessorsReturnValues() throws {
        let root = try TOMLDocument(parsing: swarm).root
        XCTAssertEqual(try root.string("name"), "support")
        XCTAssertEqual(try root.strings("tags"), ["a", "b"])
        let router = try root.table("router")
        XCTAssertEqual(try router.double("min_confidence"), 1.0, "an integer is accepted where a float is asked for")
        XCTAssertEqual(try router.bool("enabled"), true)
        XCTAssertEqual(try router.integer("retries", default: 3), 3)
        XCTAssertEqual(try root.array("specialists").count, 2)
    }

    func testWrongTypeIsReportedAtTheValueWithItsPath() throws {
        let router = try TOMLDocument(parsing: swarm, file: "swarm.toml").root.table("router")
        XCTAssertThrowsError(try router.integer("strategy")) { error in
            XCTAssertEqual((error as? TOMLError)?.description,
                           "swarm.toml:5:12: error: 'router.strategy' must be an integer, found a string")
        }
        XCTAssertThrowsError(try router.string("enabled", default: "x")) { error in
            XCTAssertEqual((error as? TOMLError)?.position.lineAndColumn, "7:11")
        }
    }

    func testMissingKeyIsReportedAtTheTable() throws {
        let router = try TOMLDocument(parsing: swarm, file: "swarm.toml").root.table("router")
        XCTAssertThrowsError(try router.string("model")) { error in
            XCTAssertEqual((error as? TOMLError)?.description,
                           "swarm.toml:4:1: error: missing key 'router.model' in table 'router'")
        }
    }

    func testPathsNameArrayElementsAndQuoteOddKeys() throws {
        let root = try TOMLDocument(parsing: swarm).root
        let second = try XCTUnwrap(try root.array("specialists")[1].table)
        XCTAssertEqual(second.path, "specialists[1]")
        let odd = try second.table("odd key")
        XCTAssertEqual(odd.path, "specialists[1].\"odd key\"")
        XCTAssertEqual(try odd.table("nested").path, "specialists[1].\"odd key\".nested")
        XCTAssertThrowsError(try second.strings("domain")) { error in
            XCTAssertEqual((error as? TOMLError)?.message, "'specialists[1].domain' must be an array, found a string")
        }
    }

    func testSetReplacesInPlaceAndAppendsNewKeys() throws {
        var table = try TOMLDocument(parsing: "a = 1\nb = 2").root
        let here = TOMLPosition(file: nil, line: 1, column: 1, offset: 0)
        table.set("a", TOMLValue(.string("x"), position: here), keyPosition: here)
        table.set("c", TOMLValue(.bool(true), position: here), keyPosition: here)
        XCTAssertEqual(table.keys, ["a", "b", "c"])
        XCTAssertEqual(table["a"]?.string, "x")
    }
}
