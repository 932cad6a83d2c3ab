import ApiaryTestSupport
import Foundation
import XCTest

/// `apiary eval` on the example tickets with the fast eval swarm: figures, gates, and
/// `--fit --write` editing only the fitted values.
final class EvalCommandTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    private var directory: URL!
    private var tickets: String { Self.root.appendingPathComponent("examples/tickets.csv").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { [directory] in try? FileManager.default.removeItem(at: directory!) }
    }

    /// The eval swarm fixture with its paths made absolute, in the test's directory.
    private func swarm() throws -> String {
        let fixture = Self.root.appendingPathComponent("Tests/BatchTests/Fixtures/eval-swarm.toml")
        let text = try String(contentsOf: fixture, encoding: .utf8).replacingOccurrences(of: "\"../../../", with: "\"" + Self.root.path + "/")
        let path = directory.appendingPathComponent("swarm.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func cascade(_ report: [String: Any]) throws -> [String: Any] {
        try XCTUnwrap(report["cascade"] as? [String: Any])
    }

    /// The held-out rows of the tickets file, counted here from the CSV the test reads.
    private func evalRows() throws -> (all: Int, outOfScope: Int) {
        let result = try runApiary(["eval", try swarm(), tickets, "--json"], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        let report = try json(result.output)
        return (report["count"] as! Int, report["out_of_scope"] as! Int)
    }

    func testFiguresForEachStrategyAndTheCascade() throws {
        let result = try runApiary(["eval", try swarm(), tickets, "--json"], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        let report = try json(result.output)
        let rows = try XCTUnwrap(report["strategies"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["strategy"] as? String }, ["rules", "classifier"])
        let cascade = try cascade(report)
        let confusion = try XCTUnwrap(cascade["confusion"] as? [String: Any])
        let counts = try XCTUnwrap(confusion["counts"] as? [[Int]])
        XCTAssertEqual(counts.flatMap { $0 }.reduce(0, +), report["count"] as? Int)
        XCTAssertEqual((cascade["calibration"] as? [String: Any])?["bins"].map { ($0 as! [Any]).count }, 10)
        XCTAssertNotNil((cascade["latency"] as? [String: Any])?["p95_ms"])
        // Only the rows marked eval: the swarm learns from the others.
        let text = try String(contentsOfFile: tickets, encoding: .utf8)
        let heldOut = try NSRegularExpression(pattern: #",(billing|technical|account|shipping|out_of_scope),eval\r?\n"#)
            .numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        XCTAssertGreaterThan(heldOut, 0)
        XCTAssertEqual(report["count"] as? Int, heldOut)
    }

    func testOutOfScopeRecallComesWithItsIntervalAndAFitOnFewWarns() throws {
        let (_, outOfScope) = try evalRows()
        XCTAssertGreaterThan(outOfScope, 0)
        let result = try runApiary(["eval", try swarm(), tickets, "--json"], in: directory)
        let cascade = try cascade(try json(result.output))
        let recall = try XCTUnwrap(cascade["out_of_scope_recall"] as? Double)
        let interval = try XCTUnwrap(cascade["out_of_scope_recall_interval"] as? [String: Double])
        XCTAssertLessThanOrEqual(interval["lower"]!, recall)
        XCTAssertGreaterThanOrEqual(interval["upper"]!, recall)
        XCTAssertLessThan(interval["lower"]!, interval["upper"]!)

        let fit = try runApiary(["eval", try swarm(), tickets, "--fit", "--oos-recall", "0.7"], in: directory)
        XCTAssertEqual(fit.status, 0, fit.error)
        XCTAssertTrue(fit.output.contains("objective: in-scope accuracy with out-of-scope recall ≥ 0.7 at the lower end of its 95 % interval"), fit.output)
        XCTAssertTrue(fit.output.contains("cascade out-of-scope recall "), fit.output)
        XCTAssertTrue(fit.output.contains("on \(outOfScope) requests, 95 % interval "), fit.output)
        XCTAssertTrue(fit.output.contains("only \(outOfScope) out-of-scope requests: their wide interval makes the fit keep a wide margin"), fit.output)
        let observed = try runApiary(["eval", try swarm(), tickets, "--fit", "--oos-recall", "0.7", "--observed-recall"], in: directory)
        XCTAssertEqual(observed.status, 0, observed.error)
        XCTAssertTrue(observed.output.contains("only \(outOfScope) out-of-scope requests: on new ones the recall can fall"), observed.output)
    }

    /// The default recall target holds at the lower end of the recall's 95 % interval (0.7 of 21
    /// asks for 19 caught), the observed one on the share caught (15 of 21); the JSON says which.
    func testRecallTargetHoldsAtTheIntervalsLowerEndUnlessAsObserved() throws {
        let interval = try fittedRecall(0.7, [])
        XCTAssertEqual(interval.report["recall_bound"] as? String, "interval")
        XCTAssertEqual(interval.report["objective_met"] as? Bool, true)
        XCTAssertGreaterThanOrEqual(interval.lower, 0.7)
        let observed = try fittedRecall(0.7, ["--observed-recall"])
        XCTAssertEqual(observed.report["recall_bound"] as? String, "observed")
        XCTAssertEqual(observed.report["objective_met"] as? Bool, true)
        XCTAssertGreaterThanOrEqual(observed.recall, 0.7)

        let usage = try runApiary(["eval", try swarm(), tickets, "--fit", "--observed-recall"], in: directory)
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.error.contains("--observed-recall qualifies --oos-recall R"), usage.error)
    }

    /// 0.8 at the interval's lower end needs all 21 caught, which no thresholds of this swarm do
    /// (its rules are certain of some): said, and fitted for the highest recall instead.
    func testUnreachableRecallTargetIsSaid() throws {
        let (_, outOfScope) = try evalRows()
        XCTAssertEqual(outOfScope, 21, "the comment's arithmetic")
        let fit = try runApiary(["eval", try swarm(), tickets, "--fit", "--oos-recall", "0.8"], in: directory)
        XCTAssertEqual(fit.status, 0, fit.error)
        XCTAssertTrue(fit.output.contains("no thresholds reach the recall target on \(outOfScope) out-of-scope requests: fitted for the highest recall instead"),
                      fit.output)
        let report = try fittedRecall(0.8, [])
        XCTAssertEqual(report.report["objective_met"] as? Bool, false)
        XCTAssertLessThan(report.lower, 0.8)
    }

    /// `--fit --oos-recall R --write` (plus extra) on a fresh swarm, then the written swarm's
    /// out-of-scope recall on the same requests and the lower end of its interval.
    private func fittedRecall(_ target: Double, _ extra: [String]) throws -> (report: [String: Any], recall: Double, lower: Double) {
        let swarm = try swarm()
        let fit = try runApiary(["eval", swarm, tickets, "--fit", "--oos-recall", "\(target)", "--write", "--json"] + extra, in: directory)
        XCTAssertEqual(fit.status, 0, fit.error)
        let again = try runApiary(["eval", swarm, tickets, "--json"], in: directory)
        XCTAssertEqual(again.status, 0, again.error)
        let cascade = try cascade(try json(again.output))
        let interval = try XCTUnwrap(cascade["out_of_scope_recall_interval"] as? [String: Double])
        return (try json(fit.output), try XCTUnwrap(cascade["out_of_scope_recall"] as? Double), try XCTUnwrap(interval["lower"]))
    }

    func testGatesExitThree() throws {
        let swarm = try swarm()
        let strict = try runApiary(["eval", swarm, tickets, "--min-accuracy", "1", "--min-oos-recall", "1"], in: directory)
        XCTAssertEqual(strict.status, 3, strict.error)
        XCTAssertTrue(strict.error.contains("is below --min-accuracy 1.000"), strict.error)
        let lax = try runApiary(["eval", swarm, tickets, "--min-accuracy", "0"], in: directory)
        XCTAssertEqual(lax.status, 0, lax.error)
        let bad = try runApiary(["eval", swarm, tickets, "--write"], in: directory)
        XCTAssertEqual(bad.status, 2)
    }

    func testFitWriteImprovesTheBadThresholdAndChangesOnlyTheFittedValues() throws {
        let swarm = try swarm()
        let original = try String(contentsOfFile: swarm, encoding: .utf8)
        let result = try runApiary(["eval", swarm, tickets, "--fit", "--write", "--json"], in: directory)
        XCTAssertEqual(result.status, 0, result.error)
        let report = try json(result.output)
        let before = try cascade(try XCTUnwrap(report["before"] as? [String: Any]))["accuracy"] as! Double
        let after = try cascade(try XCTUnwrap(report["after"] as? [String: Any]))["accuracy"] as! Double
        XCTAssertGreaterThan(after, before + 0.05, "held-apart accuracy after the fit")
        let written = try XCTUnwrap(report["written"] as? [[String: Any]])
        let keys = written.map { $0["key"] as! String }
        XCTAssertTrue(keys.contains("router.confidence.classifier"), "\(keys)")

        // Line by line: an edited line differs from the original only in its number, an added
        // line is one of the written keys, and every other line is the same bytes.
        let edited = try String(contentsOfFile: swarm, encoding: .utf8)
        var old = original.split(separator: "\n", omittingEmptySubsequences: false)[...]
        for line in edited.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == old.first { old = old.dropFirst(); continue }
            let key = String(line.prefix { $0 != " " })
            let isAdded = keys.contains { $0.hasSuffix("." + key) } && !(old.first?.hasPrefix(key + " ") ?? false)
            if isAdded { continue }
            let previous = try XCTUnwrap(old.first, "unexpected line \(line)")
            old = old.dropFirst()
            XCTAssertEqual(previous.replacingOccurrences(of: #"= [0-9.e+-]+"#, with: "= N", options: .regularExpression),
                           line.replacingOccurrences(of: #"= [0-9.e+-]+"#, with: "= N", options: .regularExpression))
            XCTAssertTrue(keys.contains { $0.hasSuffix("." + key) }, "\(line) changed but was not fitted")
        }
        XCTAssertTrue(old.isEmpty, "lost lines: \(Array(old))")

        // The file now routes as fitted: evaluating it again gives the fitted thresholds' figures.
        let again = try runApiary(["eval", swarm, tickets, "--json"], in: directory)
        XCTAssertEqual(again.status, 0, again.error)
        let fitted = try XCTUnwrap(report["fitted"] as? [String: Any])
        XCTAssertEqual(try json(again.output)["thresholds"] as? NSDictionary, fitted as NSDictionary)
        XCTAssertGreaterThan(try cascade(try json(again.output))["accuracy"] as! Double, before)
    }
}
