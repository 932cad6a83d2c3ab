import XCTest
@testable import Swarm

final class SwarmModuleTests: XCTestCase {
    func testModuleLinks() {}
}
