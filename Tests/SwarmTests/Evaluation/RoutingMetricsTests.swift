import XCTest
@testable import Swarm

/// Every metric against values computed by hand from seven outcomes.
final class RoutingMetricsTests: XCTestCase {
    let oos = Route.outOfScopeLabel

    /// gold → predicted (scores' best label @ probability), latency
    var outcomes: [RoutingOutcome] {
        [
            RoutingOutcome(gold: "a", predicted: "a", scored: ("a", 0.9), seconds: 0.030),
            RoutingOutcome(gold: "a", predicted: "b", scored: ("b", 0.8), seconds: 0.070),
            RoutingOutcome(gold: "b", predicted: "b", scored: ("b", 0.7), seconds: 0.010),
            RoutingOutcome(gold: "b", predicted: oos, scored: ("b", 0.4), seconds: 0.050),
            RoutingOutcome(gold: oos, predicted: oos, scored: ("a", 0.3), seconds: 0.020),
            RoutingOutcome(gold: oos, predicted: "a", scored: ("a", 0.75), seconds: 0.060),
            RoutingOutcome(gold: oos, predicted: oos, scored: ("b", 0.2), seconds: 0.040),
        ]
    }

    func testAccuracyAndOutOfScopeFigures() {
        let metrics = RoutingMetrics(outcomes)
        XCTAssertEqual(metrics.count, 7)
        XCTAssertEqual(metrics.accuracy!, 4.0 / 7, accuracy: 1e-12)          // outcomes 1, 3, 5, 7
        XCTAssertEqual(metrics.inScopeAccuracy!, 2.0 / 4, accuracy: 1e-12)   // 1 and 3 of the four in scope
        XCTAssertEqual(metrics.outOfScopePrecision!, 2.0 / 3, accuracy: 1e-12) // called OOS: 4, 5, 7; right: 5, 7
        XCTAssertEqual(metrics.outOfScopeRecall!, 2.0 / 3, accuracy: 1e-12)  // OOS: 5, 6, 7; caught: 5, 7
        // Wilson 95 % for 2 of 3 (ProportionIntervalTests).
        XCTAssertEqual(metrics.outOfScopeRecallInterval?.lower ?? -1, 0.207660, accuracy: 1e-6)
        XCTAssertEqual(metrics.outOfScopeRecallInterval?.upper ?? -1, 0.938508, accuracy: 1e-6)
    }

    func testConfusionMatrixAndMacroF1() {
        let metrics = RoutingMetrics(outcomes)
        XCTAssertEqual(metrics.confusion.labels, ["a", "b", oos])
        XCTAssertEqual(metrics.confusion.counts, [[1, 1, 0], [0, 1, 1], [1, 0, 2]])
        // a: TP 1, FP 1, FN 1 → 0.5; b: the same; OOS: TP 2, FP 1, FN 1 → 4/6.
        let f1 = metrics.confusion.f1
        XCTAssertEqual(f1[0], 0.5, accuracy: 1e-12)
        XCTAssertEqual(f1[1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(f1[2], 4.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(metrics.macroF1!, (0.5 + 0.5 + 4.0 / 6) / 3, accuracy: 1e-12)
    }

    func testExpectedCalibrationErrorAndBins() {
        let calibration = RoutingMetrics(outcomes).calibration
        XCTAssertEqual(calibration.bins.count, 10)
        XCTAssertEqual(calibration.bins.map(\.count), [0, 0, 1, 1, 1, 0, 0, 2, 1, 1])
        // Bin [0.7, 0.8): 0.7 right and 0.75 wrong → accuracy 0.5, mean 0.725.
        XCTAssertEqual(calibration.bins[7].accuracy!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(calibration.bins[7].meanProbability!, 0.725, accuracy: 1e-12)
        XCTAssertNil(calibration.bins[0].accuracy)
        // (|1−.9| + |0−.8| + |1−.4| + |0−.3| + |0−.2| + 2·|.5−.725|) / 7
        XCTAssertEqual(calibration.expectedError!, (0.1 + 0.8 + 0.6 + 0.3 + 0.2 + 2 * 0.225) / 7, accuracy: 1e-12)
    }

    func testProbabilityOneFallsInTheLastBin() {
        let calibration = Calibration([(1.0, true), (0.0, false)])
        XCTAssertEqual(calibration.bins[9].count, 1)
        XCTAssertEqual(calibration.bins[0].count, 1)
        XCTAssertEqual(calibration.expectedError!, 0, accuracy: 1e-12)
    }

    func testLatencyPercentilesByNearestRank() {
        let latency = RoutingMetrics(outcomes).latency
        // Sorted 10…70 ms: p50 is the 4th of 7 (⌈3.5⌉), p95 the 7th (⌈6.65⌉).
        XCTAssertEqual(latency.p50!, 40, accuracy: 1e-9)
        XCTAssertEqual(latency.p95!, 70, accuracy: 1e-9)
    }

    func testUndefinedFiguresAreNil() {
        let metrics = RoutingMetrics([RoutingOutcome(gold: "a", predicted: "a")])
        XCTAssertNil(metrics.outOfScopeRecall)
        XCTAssertNil(metrics.outOfScopeRecallInterval)
        XCTAssertNil(metrics.outOfScopePrecision)
        XCTAssertNil(metrics.calibration.expectedError)
        XCTAssertEqual(metrics.accuracy, 1)
        let empty = RoutingMetrics([])
        XCTAssertNil(empty.accuracy)
        XCTAssertNil(empty.macroF1)
        XCTAssertNil(empty.latency.p50)
    }
}
