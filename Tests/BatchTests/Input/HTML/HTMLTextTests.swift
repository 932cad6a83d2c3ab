import XCTest
@testable import Batch

final class HTMLTextTests: XCTestCase {
    func testTextWithAngleBracketsButNoKnownTagIsNotHTML() {
        XCTAssertFalse(HTMLText.looksLikeHTML("if a < b and c > d"))
        XCTAssertFalse(HTMLText.looksLikeHTML("Generic List<String> fails"))
        XCTAssertFalse(HTMLText.looksLikeHTML("Names like <O'Brien> and <3"))
        XCTAssertFalse(HTMLText.looksLikeHTML("Tom &amp; Jerry"), "entities alone do not make HTML")
    }

    func testKnownTagsCommentsAndDoctypeAreHTML() {
        XCTAssertTrue(HTMLText.looksLikeHTML("Hello<br>world"))
        XCTAssertTrue(HTMLText.looksLikeHTML("<P CLASS=\"x\">Hi</P>"))
        XCTAssertTrue(HTMLText.looksLikeHTML("<!-- note -->text"))
        XCTAssertTrue(HTMLText.looksLikeHTML("<!DOCTYPE html><title>x</title>"))
    }

    func testBreaksParagraphsAndDivsBecomeNewlines() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<p>One</p><p>Two<br>three</p><div>Four</div>five"),
                       "One\n\nTwo\nthree\n\nFour\nfive")
    }

    func testSourceWhitespaceCollapses() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<p>  lots   of\n\n  space\t here </p>"), "lots of space here")
    }

    func testRepeatedBreaksKeepAtMostOneBlankLine() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "a<br><br><br><br>b"), "a\n\nb")
    }

    func testListItemsBecomeBullets() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "Steps:<ol><li>Open</li><li>Click <b>Save</b></li></ol>Done"),
                       "Steps:\n• Open\n• Click Save\nDone")
    }

    func testScriptStyleAndCommentsAreDropped() {
        let html = "<html><head><style>body { color: red }</style><script>if (a < b) alert('x')</script></head>"
            + "<body><!-- internal note -->Visible</body></html>"
        XCTAssertEqual(HTMLText.plainText(fromHTML: html), "Visible")
    }

    func testAttributesMayHoldAngleBrackets() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<a title=\"a > b\" href='x'>link</a> text"), "link text")
    }

    func testEntitiesAreDecodedAndUnknownOnesKept() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<p>&lt;tag&gt; &amp; &quot;q&quot; &#233;&#xE9; &euro;5 &bogus; & alone</p>"),
                       "<tag> & \"q\" éé €5 &bogus; & alone")
    }

    func testStrayLessThanIsText() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<p>3 < 4 and 5 <6</p>"), "3 < 4 and 5 <6")
    }

    func testSpaceAfterABulletIsNotDoubled() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<ul>\n  <li> Spaced item </li>\n</ul>"), "• Spaced item")
    }

    func testUnclosedTagAtTheEndIsText() {
        XCTAssertEqual(HTMLText.plainText(fromHTML: "<p>cut off <a href=\"x"), "cut off <a href=\"x")
    }

    func testMarkdownLosesOnlyItsComments() {
        XCTAssertEqual(HTMLText.removingComments(fromMarkdown: "a <!-- x --> b\n<br> c <!-- open"), "a  b\n<br> c ")
        XCTAssertEqual(HTMLText.removingComments(fromMarkdown: "List<String> < 3"), "List<String> < 3")
    }
}
