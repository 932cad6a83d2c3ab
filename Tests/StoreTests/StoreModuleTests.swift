import XCTest
@testable import Store

final class StoreModuleTests: XCTestCase {
    func testModuleLinks() {}
}
