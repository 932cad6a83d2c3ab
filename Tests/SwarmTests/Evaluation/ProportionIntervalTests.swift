import XCTest
@testable import Swarm

/// The Wilson score interval against values computed by hand from its formula
/// (centre (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1−p̂)/n + z²/4n²), z = 1.96).
final class ProportionIntervalTests: XCTestCase {
    func testWilsonIntervalOfTwoInThree() throws {
        let interval = try XCTUnwrap(ProportionInterval(successes: 2, trials: 3))
        XCTAssertEqual(interval.lower, 0.207660, accuracy: 1e-6)
        XCTAssertEqual(interval.upper, 0.938508, accuracy: 1e-6)
    }

    func testHundredOutOfScopeRequestsLeaveAboutSevenPointsEitherWay() throws {
        let interval = try XCTUnwrap(ProportionInterval(successes: 86, trials: 100))
        XCTAssertEqual(interval.lower, 0.778628, accuracy: 1e-6)
        XCTAssertEqual(interval.upper, 0.914737, accuracy: 1e-6)
    }

    func testNoneOrAllSuccessesStillGiveAnIntervalInsideZeroToOne() throws {
        let none = try XCTUnwrap(ProportionInterval(successes: 0, trials: 10))
        XCTAssertEqual(none.lower, 0)
        XCTAssertEqual(none.upper, 0.277533, accuracy: 1e-6)
        let all = try XCTUnwrap(ProportionInterval(successes: 10, trials: 10))
        XCTAssertEqual(all.lower, 0.722467, accuracy: 1e-6)
        XCTAssertLessThanOrEqual(all.upper, 1)
        XCTAssertEqual(all.upper, 1, accuracy: 1e-12)
    }

    func testNoTrialsOrImpossibleCountsHaveNoInterval() {
        XCTAssertNil(ProportionInterval(successes: 0, trials: 0))
        XCTAssertNil(ProportionInterval(successes: 4, trials: 3))
        XCTAssertNil(ProportionInterval(successes: -1, trials: 3))
    }
}
