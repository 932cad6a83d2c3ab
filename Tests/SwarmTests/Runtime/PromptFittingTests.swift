import XCTest
@testable import Swarm

/// Cutting a request to fit a budget: head and tail kept, the cut marked, the reason in tokens.
final class PromptFittingTests: XCTestCase {
    /// Whitespace-separated words as tokens, plus a fixed 10-token frame around the request.
    private func fit(_ request: String, budget: Int) throws -> (text: String, fitted: FittedPrompt) {
        var built = ""
        let count = { (text: String) in text.split(whereSeparator: \.isWhitespace).count }
        let fitted = try PromptFitting.fit(request: request, budget: budget, role: "specialist billing", count: count) { text in
            built = text
            return [Int32](repeating: 0, count: 10 + count(text))
        }
        return (built, fitted)
    }

    func testARequestThatFitsIsLeftAlone() throws {
        let (text, fitted) = try fit("one two three", budget: 100)
        XCTAssertEqual(text, "one two three")
        XCTAssertNil(fitted.shortening)
    }

    func testALongRequestKeepsHeadAndTailAndSaysWhatWasCut() throws {
        let words = (1...2000).map { "w\($0)" }.joined(separator: " ")
        let (text, fitted) = try fit(words, budget: 300)
        XCTAssertLessThanOrEqual(fitted.ids.count, 300)
        XCTAssertTrue(text.hasPrefix("w1 w2 w3"), String(text.prefix(20)))
        XCTAssertTrue(text.hasSuffix("w1999 w2000"), String(text.suffix(20)))
        XCTAssertNotNil(text.range(of: #"\[… \d+ characters cut …\]"#, options: .regularExpression), text)
        let shortening = try XCTUnwrap(fitted.shortening)
        XCTAssertEqual(shortening.originalTokens, 2000)
        XCTAssertEqual(shortening.reason.rule, .requestShortened)
        XCTAssertTrue(shortening.reason.message.hasPrefix("request shortened from 2000 to \(shortening.keptTokens) tokens"),
                      shortening.reason.message)
    }

    func testAFrameLargerThanTheBudgetIsAnErrorNotATrap() {
        XCTAssertThrowsError(try fit("a b c d e f g h i j k l m n o p q r s t u v w x y z", budget: 12)) { error in
            XCTAssertTrue("\(error)".contains("specialist billing"), "\(error)")
        }
    }
}
