import ApiaryTestSupport
import Batch
import Foundation
import Store
import XCTest

/// `deploy/slurm` on a real one-node Slurm cluster started by the test: `submit` sends the
/// array job of three shards and the merge job after it; one task's apiary is killed with
/// SIGKILL mid-run (its script requeues the task) and another task is requeued by
/// `scontrol requeue` while running (as an operator or a preemption would); the merge job
/// runs once every task has succeeded, and its results hold every ticket exactly once.
final class SlurmArrayJobTests: XCTestCase {
    private var timeline: [(Double, String)] = []
    private var start = Date()

    private func mark(_ event: String) {
        timeline.append((Date().timeIntervalSince(start), event))
    }

    private func lines(_ url: URL) -> Int {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The pid of the apiary process working on store `db`, found in /proc.
    private func apiaryProcess(store db: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if words.first?.hasSuffix("apiary") == true, let i = words.firstIndex(of: "--db"), i + 1 < words.count, words[i + 1] == db {
                return pid
            }
        }
        return nil
    }

    func testArrayJobWithAKilledAndARequeuedTaskMergesEveryTicketOnce() throws {
        let missing = SlurmCluster.missingBinaries()
        try XCTSkipIf(!missing.isEmpty, "Slurm and MUNGE are not installed (missing \(missing.joined(separator: ", "))); "
                      + "`make test` installs the Debian packages slurm-wlm and munge")
        let dir = try TemporaryDirectory()
        start = Date()
        let cluster = try SlurmCluster(directory: dir.url.appendingPathComponent("cluster"))
        defer { cluster.stop() }
        mark("cluster up (munged, slurmctld, slurmd)")

        let input = try ExampleTickets.write(count: 90, extra: [ExampleTickets.failing(id: "FAIL-1")], in: dir.url)
        let work = dir.url.appendingPathComponent("work")
        let submit = ExampleTickets.root.appendingPathComponent("deploy/slurm/submit").path
        let submitted = try cluster.run(submit, ["3", ExampleTickets.fastSwarm, input, work.path, "--cpus-per-task=1"],
                                        environment: ["APIARY": try apiaryExecutable().path, "APIARY_BATCH_OPTIONS": "--batch 4"])
        XCTAssertEqual(submitted.status, 0, submitted.error)
        let ids = submitted.output.split(whereSeparator: \.isWhitespace).map(String.init)
        guard ids.count == 2 else { return XCTFail("submit printed \(submitted.output) \(submitted.error)") }
        let (array, merge) = (ids[0], ids[1])
        mark("submitted array job \(array) (3 tasks) and merge job \(merge) (afterok)")

        // Disrupt two running tasks once each has written results; then follow every task's state.
        var killed = false
        var requeued = false
        var states: [String: String] = [:]
        let deadline = Date().addingTimeInterval(110)
        var mergeState = ""
        while Date() < deadline {
            if !killed, lines(work.appendingPathComponent("shard-1.jsonl")) >= 2,
               let pid = apiaryProcess(store: work.appendingPathComponent("shard-1.db").path) {
                kill(pid, SIGKILL)
                killed = true
                mark("kill -9 apiary of task 1 after \(lines(work.appendingPathComponent("shard-1.jsonl"))) result lines")
            }
            if !requeued, lines(work.appendingPathComponent("shard-0.jsonl")) >= 2, apiaryProcess(store: work.appendingPathComponent("shard-0.db").path) != nil {
                let requeue = try cluster.run("scontrol", ["requeue", "\(array)_0"])
                XCTAssertEqual(requeue.status, 0, requeue.error)
                requeued = true
                mark("scontrol requeue \(array)_0 after \(lines(work.appendingPathComponent("shard-0.jsonl"))) result lines")
            }
            for job in try cluster.jobs(array) + cluster.jobs(merge) {
                guard let id = job["JobId"], let state = job["JobState"] else { continue }
                let name = job["ArrayTaskId"].map { "task \($0)" } ?? "merge"
                let key = "\(name) \(id)"
                let now = "\(state) (restarts \(job["Restarts"] ?? "0"))"
                if states[key] != now {
                    states[key] = now
                    mark("\(name): \(now)")
                }
                if name == "merge" { mergeState = state }
            }
            if ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"].contains(mergeState) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        print("Slurm timeline:\n" + timeline.map { String(format: "  %6.1f s  %@", $0.0, $0.1) }.joined(separator: "\n"))
        XCTAssertTrue(killed, "task 1 finished before it could be killed")
        XCTAssertTrue(requeued, "task 0 finished before it could be requeued")
        let logs = ["shard-0.log", "shard-1.log", "shard-2.log", "merge.log"].map { name in
            "\(name):\n" + ((try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? "(none)")
        }.joined(separator: "\n")
        XCTAssertEqual(mergeState, "COMPLETED", "\(logs)\n\(cluster.log("slurmctld"))")

        // The killed task requeued itself and its second run continued the shard.
        let taskOneLog = (try? String(contentsOf: work.appendingPathComponent("shard-1.log"), encoding: .utf8)) ?? ""
        XCTAssertTrue(taskOneLog.contains("exited with status 137") && taskOneLog.contains("requeueing"), taskOneLog)
        XCTAssertTrue(taskOneLog.contains("(run 2)"), taskOneLog)
        for task in try cluster.jobs(array) {
            XCTAssertEqual(task["JobState"], "COMPLETED", "\(task)")
        }

        let results = try String(contentsOf: work.appendingPathComponent("results.jsonl"), encoding: .utf8).split(separator: "\n")
            .map { try RecordJSON.decode(ResultRecord.self, from: String($0)) }
        let expected = try TicketReader(path: input).compactMap { item -> String? in
            if case .ticket(let ticket) = item { return ticket.id }
            return nil
        }
        XCTAssertEqual(expected.count, 91)
        XCTAssertEqual(results.compactMap(\.id), expected, "every ticket exactly once, in input order")
        XCTAssertEqual(results.map(\.position), Array(1...expected.count).map { Optional($0) })
        XCTAssertEqual(results.first { $0.id == "FAIL-1" }?.verdict, .failed)
        let queue = try ReviewQueue(path: work.appendingPathComponent("apiary.db").path, access: .readOnly)
        XCTAssertEqual(try queue.items().count, results.filter { $0.verdict == .flagged || $0.verdict == .failed }.count)
    }
}
