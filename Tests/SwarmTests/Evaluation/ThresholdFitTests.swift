import XCTest
@testable import Swarm

/// Fitting on made-up scores whose separating thresholds are known by construction.
final class ThresholdFitTests: XCTestCase {
    let oos = Route.outOfScopeLabel

    func spec(minConfidence: Double, strategies: [RouterSpec.Strategy] = [.classifier]) -> RouterSpec {
        RouterSpec(strategies: strategies, minConfidence: minConfidence, minMargin: 0, outOfScope: .review, strategyConfidence: [:])
    }

    /// In scope: the right domain at probability 0.55…0.95; out of scope: best label at 0.30…0.50.
    func classifierData() -> [RoutedExample] {
        var routed: [RoutedExample] = []
        for i in 0..<60 {
            let domain = i % 2 == 0 ? "billing" : "shipping"
            let other = domain == "billing" ? "shipping" : "billing"
            let p = 0.55 + 0.4 * Double(i) / 59
            routed.append(RoutedExample(example: LabelledExample(text: "in \(i)", domain: domain),
                                        entries: [Route.StrategyScores(strategy: "classifier", scores: [domain: p, other: 1 - p], decided: false, seconds: 0)]))
        }
        for i in 0..<40 {
            let q = 0.3 + 0.2 * Double(i) / 39
            routed.append(RoutedExample(example: LabelledExample(text: "oos \(i)", domain: oos),
                                        entries: [Route.StrategyScores(strategy: "classifier", scores: ["billing": q, "shipping": q / 2], decided: false, seconds: 0)]))
        }
        return routed
    }

    func testFitImprovesADeliberatelyBadThreshold() {
        let routed = classifierData()
        // 0.99: nothing is confident, so everything is out of scope — 40 % accuracy.
        let bad = spec(minConfidence: 0.99)
        let before = RoutingEvaluation.report(routed, spec: bad).cascade
        XCTAssertEqual(before.accuracy!, 0.4, accuracy: 1e-12)
        let result = ThresholdFit.fit(routed, spec: bad, objective: .accuracy, folds: 5)
        XCTAssertEqual(result.before.cascade, before)
        // Out-of-scope best labels end at 0.50 and in-scope ones start at 0.55: a threshold in
        // (0.50, 0.55] separates them all.
        let fitted = result.fitted.confidence["classifier"]!
        XCTAssertGreaterThan(fitted, 0.5)
        XCTAssertLessThanOrEqual(fitted, 0.55)
        let refit = RoutingEvaluation.report(routed, spec: result.fitted.applied(to: bad)).cascade
        XCTAssertEqual(refit.accuracy!, 1, accuracy: 1e-12)
        // On held-apart folds too.
        XCTAssertGreaterThan(result.after.cascade.accuracy!, 0.95)
        XCTAssertEqual(result.after.count, routed.count)
    }

    func testOutOfScopeRecallObjectiveUsesTheSimilarityCutOff() throws {
        // The embedding is confident about every request; only its nearest-example similarity
        // tells out of scope (0.20…0.40) from in scope (0.45…0.90).
        var routed: [RoutedExample] = []
        for i in 0..<50 {
            let domain = i % 2 == 0 ? "billing" : "shipping"
            routed.append(RoutedExample(example: LabelledExample(text: "in \(i)", domain: domain), entries: [
                Route.StrategyScores(strategy: "embedding", scores: [domain: 0.97, "x": 0.03], decided: false, seconds: 0,
                                     similarity: 0.45 + 0.45 * Double(i) / 49)]))
        }
        for i in 0..<50 {
            routed.append(RoutedExample(example: LabelledExample(text: "oos \(i)", domain: oos), entries: [
                Route.StrategyScores(strategy: "embedding", scores: ["billing": 0.97, "x": 0.03], decided: false, seconds: 0,
                                     similarity: 0.20 + 0.20 * Double(i) / 49)]))
        }
        let current = spec(minConfidence: 0.6, strategies: [.embedding(model: "m")])
        let before = RoutingEvaluation.report(routed, spec: current).cascade
        XCTAssertEqual(before.outOfScopeRecall!, 0, accuracy: 1e-12)
        let result = ThresholdFit.fit(routed, spec: current, objective: .outOfScopeRecall(0.9))
        let cut = try XCTUnwrap(result.fitted.minSimilarity)
        XCTAssertGreaterThan(cut, 0.40)
        XCTAssertLessThanOrEqual(cut, 0.45)
        XCTAssertGreaterThanOrEqual(result.after.cascade.outOfScopeRecall!, 0.9)
        XCTAssertGreaterThan(result.after.cascade.inScopeAccuracy!, 0.9)
    }

    /// 100 out-of-scope requests and 100 in scope, their evidence overlapping: every cut-off
    /// catching more out of scope also turns away more in scope.
    func overlappingEvidence() -> [RoutedExample] {
        func entry(_ label: String, _ similarity: Double) -> [Route.StrategyScores] {
            [Route.StrategyScores(strategy: "embedding", scores: [label: 0.97, "x": 0.03], decided: false, seconds: 0, similarity: similarity)]
        }
        let inScope = (0..<100).map { i in
            RoutedExample(example: LabelledExample(text: "in \(i)", domain: "billing"), entries: entry("billing", 0.30 + 0.6 * Double(i) / 99))
        }
        let outOfScope = (0..<100).map { i in
            RoutedExample(example: LabelledExample(text: "oos \(i)", domain: oos), entries: entry("billing", 0.05 + 0.35 * Double(i) / 99))
        }
        return inScope + outOfScope
    }

    func testRecallScoreHoldsTheTargetAtTheIntervalsLowerEnd() {
        func outcomes(caught: Int) -> [RoutingOutcome] {
            (0..<100).map { RoutingOutcome(gold: oos, predicted: $0 < caught ? oos : "billing") }
                + [RoutingOutcome(gold: "billing", predicted: "billing")]
        }
        // Wilson 95 % lower ends: 92 of 100 → 0.8500, 91 of 100 → 0.8377 (ProportionInterval).
        let interval = ThresholdFit.Objective.outOfScopeRecall(0.85)
        XCTAssertTrue(interval.isMet(outcomes(caught: 92)))
        XCTAssertFalse(interval.isMet(outcomes(caught: 91)))
        XCTAssertEqual(interval.score(outcomes(caught: 92))[2], 0.8500189229905127, accuracy: 1e-12)
        let observed = ThresholdFit.Objective.outOfScopeRecall(0.85, .observed)
        XCTAssertTrue(observed.isMet(outcomes(caught: 85)))
        XCTAssertFalse(observed.isMet(outcomes(caught: 84)))
        XCTAssertTrue(ThresholdFit.Objective.accuracy.isMet(outcomes(caught: 0)))
    }

    func testIntervalBoundFitCatchesMoreThanTheObservedOne() throws {
        let routed = overlappingEvidence()
        let current = spec(minConfidence: 0.6, strategies: [.embedding(model: "m")])
        func caught(_ bound: ThresholdFit.RecallBound) throws -> Int {
            let result = ThresholdFit.fit(routed, spec: current, objective: .outOfScopeRecall(0.85, bound))
            XCTAssertTrue(result.objectiveMet)
            return RoutingEvaluation.outcomes(routed, spec: result.fitted.applied(to: current))
                .count { $0.gold == oos && $0.predicted == oos }
        }
        // As observed: the lowest cut-off on the 0.01 grid catching 85 (0.35 catches 85);
        // at the lower end: one catching 92 (0.38 catches 94, 0.37 only 91).
        XCTAssertEqual(try caught(.observed), 85)
        XCTAssertEqual(try caught(.intervalLower), 94)
    }

    func testConfidentSimilarityHandsTheDoubtfulBandToTheLLM() throws {
        // The embedding names the right domain only from similarity 0.7 (below it, the wrong one);
        // the llm is right below 0.7 and wrong above it. Out of scope: similarity 0.55…0.65, inside
        // the band where only the llm can tell. So the one perfect rule: the embedding decides from
        // 0.7 and the llm below.
        var routed: [RoutedExample] = []
        for i in 0..<60 {
            let domain = i % 2 == 0 ? "billing" : "shipping"
            let other = domain == "billing" ? "shipping" : "billing"
            let similarity = 0.55 + 0.4 * Double(i) / 59
            let named = similarity >= 0.7 ? domain : other
            routed.append(RoutedExample(example: LabelledExample(text: "in \(i)", domain: domain), entries: [
                Route.StrategyScores(strategy: "embedding", scores: [named: 0.95, "x": 0.05], decided: false, seconds: 0, similarity: similarity),
                Route.StrategyScores(strategy: "llm", scores: similarity >= 0.7 ? [oos: 0.9, domain: 0.1] : [domain: 0.9, oos: 0.1],
                                     decided: false, seconds: 0)]))
        }
        for i in 0..<40 {
            routed.append(RoutedExample(example: LabelledExample(text: "oos \(i)", domain: oos), entries: [
                Route.StrategyScores(strategy: "embedding", scores: ["billing": 0.95, "x": 0.05], decided: false, seconds: 0,
                                     similarity: 0.55 + 0.1 * Double(i) / 39),
                Route.StrategyScores(strategy: "llm", scores: [oos: 0.9, "billing": 0.1], decided: false, seconds: 0)]))
        }
        let current = spec(minConfidence: 0.6, strategies: [.embedding(model: "m"), .llm(model: "q")])
        XCTAssertEqual(RoutingEvaluation.report(routed, spec: current).cascade.outOfScopeRecall!, 0, accuracy: 1e-12)
        let result = ThresholdFit.fit(routed, spec: current, objective: .accuracy)
        let cut = try XCTUnwrap(result.fitted.confidentSimilarity)
        XCTAssertEqual(cut, 0.7, accuracy: 1e-12)
        XCTAssertEqual(RoutingEvaluation.report(routed, spec: result.fitted.applied(to: current)).cascade.accuracy!, 1, accuracy: 1e-12)
        XCTAssertEqual(result.fitted.changes(from: RouterThresholds(current)).map { $0.key.joined(separator: ".") },
                       ["router.confident_similarity"])
    }

    func testFoldsAreStratifiedAndDeterministic() {
        let labels = Array(repeating: "a", count: 10) + Array(repeating: "b", count: 5)
        let folds = ThresholdFit.foldAssignment(labels, folds: 5, seed: 7)
        XCTAssertEqual(folds, ThresholdFit.foldAssignment(labels, folds: 5, seed: 7))
        for fold in 0..<5 {
            XCTAssertEqual(folds.indices.filter { folds[$0] == fold && labels[$0] == "a" }.count, 2)
            XCTAssertEqual(folds.indices.filter { folds[$0] == fold && labels[$0] == "b" }.count, 1)
        }
    }

    /// The replayed decisions are the router's own.
    func testReplayedDecisionsMatchTheRouter() throws {
        struct Fixed: RoutingStrategy {
            let name: String
            let table: [String: [String: Double]]
            func scores(for text: String) -> [String: Double] { table[text] ?? [:] }
        }
        let texts = ["x", "y", "z"]
        let rules = Fixed(name: "rules", table: ["x": ["billing": 1], "y": ["billing": 0.5, "shipping": 0.5]])
        let classifier = Fixed(name: "classifier", table: ["x": ["shipping": 0.9, "billing": 0.1], "y": ["shipping": 0.7, "billing": 0.3],
                                                        "z": ["billing": 0.55, oos: 0.45]])
        var routerSpec = spec(minConfidence: 0.6, strategies: [.rules, .classifier])
        routerSpec.minMargin = 0.2
        let router = Router(spec: routerSpec, strategies: [rules, classifier], domains: ["billing", "shipping"])
        let routed = try RoutingEvaluation.observe(texts.map { LabelledExample(text: $0, domain: "billing") }, router: router)
        let replayed = RoutingEvaluation.outcomes(routed, spec: routerSpec).map(\.predicted)
        let live = try texts.map { try router.route($0).domain ?? oos }
        XCTAssertEqual(replayed, live)
        XCTAssertEqual(live, ["billing", "shipping", oos])
    }

    func testUnknownLabelIsAnErrorWithItsPlace() {
        struct Fixed: RoutingStrategy {
            let name = "rules"
            func scores(for text: String) -> [String: Double] { [:] }
        }
        let router = Router(spec: spec(minConfidence: 0.6), strategies: [Fixed()], domains: ["billing"])
        XCTAssertThrowsError(try RoutingEvaluation.observe([LabelledExample(text: "t", domain: "biling", id: "T-9", line: 12)], router: router)) {
            XCTAssertEqual("\($0)", "line 12, ticket 'T-9': domain 'biling' is neither a domain of the swarm (billing) nor out_of_scope")
        }
    }
}
