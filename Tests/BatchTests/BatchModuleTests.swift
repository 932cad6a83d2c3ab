import XCTest
@testable import Batch

final class BatchModuleTests: XCTestCase {
    func testModuleLinks() {}
}
