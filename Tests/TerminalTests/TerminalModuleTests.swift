import XCTest
@testable import Terminal

final class TerminalModuleTests: XCTestCase {
    func testModuleLinks() {}
}
