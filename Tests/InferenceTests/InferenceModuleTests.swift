import XCTest
@testable import Inference

final class InferenceModuleTests: XCTestCase {
    func testModuleLinks() {}
}
