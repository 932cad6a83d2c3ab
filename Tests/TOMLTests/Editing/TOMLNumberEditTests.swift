import XCTest
@testable import TOML

final class TOMLNumberEditTests: XCTestCase {
    let source = """
    # A swarm file.
    name = "s"   # trailing comment

    [router]
    strategies = ["rules", "classifier"]
    min_confidence = 0.6      # best domain's probability
    min_margin = 2e-1         # lead over the runner-up
    refusal = \"\"\"multi
    [not a header]
    line\"\"\"

    [router.confidence]
    rules = 0.75              # keep

    [[domains]]
    name = "billing"

    """

    func edit(_ settings: [([String], Double)], _ text: String? = nil) throws -> String {
        String(decoding: try TOMLNumberEdit.setting(settings.map { (keys: $0.0, value: $0.1) }, in: Array((text ?? source).utf8),
                                                    file: "s.toml"), as: UTF8.self)
    }

    func testExistingValuesAreReplacedAndNewKeysAddedEverythingElseByteForByte() throws {
        let edited = try edit([(["router", "min_margin"], 0.125), (["router", "confidence", "classifier"], 0.5),
                               (["router", "confidence", "embedding"], 0.35), (["router", "min_similarity"], 0.41)])
        XCTAssertEqual(edited, """
        # A swarm file.
        name = "s"   # trailing comment

        [router]
        min_similarity = 0.41
        strategies = ["rules", "classifier"]
        min_confidence = 0.6      # best domain's probability
        min_margin = 0.125         # lead over the runner-up
        refusal = \"\"\"multi
        [not a header]
        line\"\"\"

        [router.confidence]
        classifier = 0.5
        embedding = 0.35
        rules = 0.75              # keep

        [[domains]]
        name = "billing"

        """)
        let document = try TOMLDocument(parsing: edited)
        XCTAssertEqual(document.value(atPath: "router.confidence.rules")?.double, 0.75)
        XCTAssertEqual(document.value(atPath: "router.refusal")?.string, "multi\n[not a header]\nline")
    }

    func testMissingIntermediateTableBecomesADottedKey() throws {
        let edited = try edit([(["router", "confidence", "llm"], 0.9), (["router", "confidence", "rules"], 0.8)],
                              "[router]\nmin_margin = 0.1\r\n")
        XCTAssertEqual(edited, "[router]\nconfidence.llm = 0.9\nconfidence.rules = 0.8\nmin_margin = 0.1\r\n")
        XCTAssertEqual(try edit([(["router", "min_margin"], 0.3)], "name = \"x\""), "name = \"x\"\n\n[router]\nmin_margin = 0.3\n")
    }

    func testValuesThatCannotBeEditedAreErrorsWithPositions() {
        XCTAssertThrowsError(try edit([(["router", "strategies"], 0.5)])) { error in
            XCTAssertEqual((error as? TOMLError)?.position.line, 5)
        }
        XCTAssertThrowsError(try edit([(["router", "x"], 0.5)], "router = { a = 1 }\n")) { error in
            XCTAssertEqual((error as? TOMLError)?.position.column, 10)
        }
        XCTAssertThrowsError(try edit([(["router", "min_margin"], .nan)]))
        XCTAssertThrowsError(try edit([(["router", "min_margin"], 0.5)], "[router\n"))
    }

    func testNumbersAreWrittenAsShortFloats() {
        XCTAssertEqual(TOMLNumberEdit.format(0.58), "0.58")
        XCTAssertEqual(TOMLNumberEdit.format(1), "1.0")
        XCTAssertEqual(TOMLNumberEdit.format(0), "0.0")
        XCTAssertEqual(TOMLNumberEdit.format(0.123456), "0.1235")
        XCTAssertEqual(TOMLNumberEdit.format(-0.00001), "0.0")
    }
}
