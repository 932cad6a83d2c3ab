import XCTest
@testable import TOML

final class TOMLModuleTests: XCTestCase {
    func testModuleLinks() {}
}
