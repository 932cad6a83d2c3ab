import XCTest
@testable import Swarm

final class TextClassifierTests: XCTestCase {
    let examples: [(text: String, label: String)] = [
        ("I was charged twice for my order", "billing"),
        ("please refund my payment", "billing"),
        ("my invoice has the wrong VAT number", "billing"),
        ("the card payment failed but money is gone", "billing"),
        ("my parcel has not arrived yet", "shipping"),
        ("the courier lost my package", "shipping"),
        ("tracking shows no movement for a week", "shipping"),
        ("the box arrived damaged in delivery", "shipping"),
    ]

    func testLearnsTheDomainsFromExamples() {
        let classifier = TextClassifier(examples: examples)
        XCTAssertEqual(classifier.labels, ["billing", "shipping"])
        let billing = classifier.probabilities("I need a refund, I was charged two times")
        XCTAssertGreaterThan(billing["billing"] ?? 0, 0.7)
        let shipping = classifier.probabilities("where is my package? tracking is stuck")
        XCTAssertGreaterThan(shipping["shipping"] ?? 0, 0.7)
    }

    func testProbabilitiesSumToOneAndTrainingIsDeterministic() {
        let a = TextClassifier(examples: examples).probabilities("hello there")
        let b = TextClassifier(examples: examples).probabilities("hello there")
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.values.reduce(0, +), 1, accuracy: 1e-5)
    }

    func testCharacterNGramsTolerateTypos() {
        let classifier = TextClassifier(examples: examples)
        XCTAssertGreaterThan(classifier.probabilities("refnd my paymnet")["billing"] ?? 0, 0.6)
    }
}
