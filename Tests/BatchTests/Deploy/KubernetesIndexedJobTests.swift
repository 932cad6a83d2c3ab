import ApiaryTestSupport
import Batch
import Foundation
import Store
import XCTest

/// `deploy/kubernetes/apiary-batch.yaml` without a cluster: the manifest is read with a real
/// YAML parser (PyYAML), checked for what the Indexed Job relies on, and each pod's exact
/// command runs here for every index with the variables Kubernetes would set
/// (`JOB_COMPLETION_INDEX`; the volumes' paths mapped to a temporary directory), one index
/// twice as a retry would; then the merge Job's command, whose results hold every ticket once.
final class KubernetesIndexedJobTests: XCTestCase {
    private static let manifest = ExampleTickets.root.appendingPathComponent("deploy/kubernetes/apiary-batch.yaml")

    private func documents() throws -> [[String: Any]] {
        let python = "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))"
        let parsed = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", python, Self.manifest.path],
                                      directory: FileManager.default.temporaryDirectory).wait()
        try XCTSkipIf(parsed.error.contains("No module named 'yaml'"), "PyYAML is missing; `make test` installs python3-yaml")
        XCTAssertEqual(parsed.status, 0, parsed.error)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String: Any]])
    }

    private func job(_ documents: [[String: Any]], named name: String) throws -> (spec: [String: Any], pod: [String: Any], container: [String: Any]) {
        let job = try XCTUnwrap(documents.first { ($0["metadata"] as? [String: Any])?["name"] as? String == name }, name)
        XCTAssertEqual(job["kind"] as? String, "Job")
        let spec = try XCTUnwrap(job["spec"] as? [String: Any])
        let pod = try XCTUnwrap((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try XCTUnwrap((pod["containers"] as? [[String: Any]])?.first)
        return (spec, pod, container)
    }

    private func environment(_ container: [String: Any]) -> [String: String] {
        var values: [String: String] = [:]
        for entry in container["env"] as? [[String: Any]] ?? [] {
            if let name = entry["name"] as? String, let value = entry["value"] as? String { values[name] = value }
        }
        return values
    }

    /// Runs a container's command as the pod would, with `environment` and `apiary` on PATH.
    private func run(_ container: [String: Any], environment: [String: String], in dir: URL) throws -> ProcessResult {
        let command = try XCTUnwrap(container["command"] as? [String])
        let binDir = try apiaryExecutable().deletingLastPathComponent().path
        let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try ChildProcess(URL(fileURLWithPath: command[0]), Array(command.dropFirst()),
                                environment: environment.merging(["PATH": path]) { $1 }, directory: dir).wait()
    }

    func testEveryIndexOfTheIndexedJobThenTheMergeGiveEveryTicketOnce() throws {
        let documents = try documents()
        let shards = try job(documents, named: "apiary-batch")
        XCTAssertEqual(shards.spec["completionMode"] as? String, "Indexed")
        let count = try XCTUnwrap(shards.spec["completions"] as? Int)
        XCTAssertGreaterThan(try XCTUnwrap(shards.spec["backoffLimitPerIndex"] as? Int), 0, "a failed index is retried")
        XCTAssertEqual(shards.pod["restartPolicy"] as? String, "Never", "backoffLimitPerIndex requires it")
        let variables = environment(shards.container)
        XCTAssertEqual(variables["APIARY_SHARDS"], "\(count)", "the shard count is the number of completions")
        // Models come from a read-only volume; stores and results go to a persistent volume.
        let mounts = try XCTUnwrap(shards.container["volumeMounts"] as? [[String: Any]])
        let volumes = try XCTUnwrap(shards.pod["volumes"] as? [[String: Any]])
        let models = try XCTUnwrap(mounts.first { $0["name"] as? String == "models" })
        XCTAssertEqual(models["readOnly"] as? Bool, true)
        XCTAssertEqual(((volumes.first { $0["name"] as? String == "models" })?["persistentVolumeClaim"] as? [String: Any])?["readOnly"] as? Bool, true)
        let work = try XCTUnwrap(mounts.first { $0["name"] as? String == "work" }?["mountPath"] as? String)
        XCTAssertNotNil((volumes.first { $0["name"] as? String == "work" })?["persistentVolumeClaim"])
        XCTAssertEqual(variables["APIARY_WORK"], work)

        // The volumes, here: the work volume is a directory, the swarm and input are the test's.
        let dir = try TemporaryDirectory()
        let input = try ExampleTickets.write(count: 40, extra: [], in: dir.url)
        let workDir = dir.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        let local = variables.merging(["APIARY_SWARM": ExampleTickets.fastSwarm, "APIARY_INPUT": input, "APIARY_WORK": workDir.path]) { $1 }
        for index in Array(0..<count) + [1] {
            let pod = try run(shards.container, environment: local.merging(["JOB_COMPLETION_INDEX": "\(index)"]) { $1 }, in: dir.url)
            XCTAssertEqual(pod.status, 0, "index \(index): \(pod.error)")
        }
        for index in 0..<count {
            XCTAssertTrue(FileManager.default.fileExists(atPath: workDir.appendingPathComponent("shard-\(index).db").path), "index \(index)")
        }

        let merge = try job(documents, named: "apiary-batch-merge")
        XCTAssertEqual(environment(merge.container)["APIARY_SHARDS"], "\(count)")
        let merged = try run(merge.container, environment: environment(merge.container).merging(["APIARY_WORK": workDir.path]) { $1 }, in: dir.url)
        XCTAssertEqual(merged.status, 0, merged.error)
        let results = try String(contentsOf: workDir.appendingPathComponent("results.jsonl"), encoding: .utf8).split(separator: "\n")
            .map { try RecordJSON.decode(ResultRecord.self, from: String($0)) }
        let expected = try TicketReader(path: input).compactMap { item -> String? in
            if case .ticket(let ticket) = item { return ticket.id }
            return nil
        }
        XCTAssertEqual(expected.count, 40)
        XCTAssertEqual(results.compactMap(\.id), expected, "every ticket exactly once, in input order")
        XCTAssertTrue(FileManager.default.fileExists(atPath: workDir.appendingPathComponent("apiary.db").path))
    }
}
