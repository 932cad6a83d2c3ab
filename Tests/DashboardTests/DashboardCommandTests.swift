import ApiaryTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `apiary dashboard` and `apiary report` as a user runs them.
final class DashboardCommandTests: XCTestCase {
    func testTheDashboardServesAndStopsCleanlyOnSIGTERMAndCtrlC() throws {
        let directory = try makeTemporaryDirectory(self)
        let demo = try DemoStore.build(at: directory.appendingPathComponent("apiary.db").path)
        for signal in [SIGTERM, SIGINT] {
            let logs = directory.appendingPathComponent("logs-\(signal)")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            let child = try ChildProcess(try apiaryExecutable(), ["dashboard", "--db", demo.path, "--port", "0"], directory: logs)
            let url = try waitForURL(child, in: logs)
            let page = try get(url.appendingPathComponent("figures.json"))
            XCTAssertEqual(page.status, 200)
            XCTAssertTrue(page.body.contains("\"review\""))
            kill(child.process.processIdentifier, signal)
            let result = child.wait()
            XCTAssertEqual(result.status, 0, result.error)
            XCTAssertTrue(result.error.contains("stopped"), result.error)
        }
    }

    func testANonLoopbackHostWithoutATokenIsRefused() throws {
        let directory = try makeTemporaryDirectory(self)
        let demo = try DemoStore.build(at: directory.appendingPathComponent("apiary.db").path)
        let result = try runApiary(["dashboard", "--db", demo.path, "--host", "0.0.0.0", "--port", "0"],
                                   environment: ["APIARY_DASHBOARD_TOKEN": ""], in: directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("access token"), result.error)
    }

    func testTheReportIsOneFileAndItsJSONHasTheSameFigures() throws {
        let directory = try makeTemporaryDirectory(self)
        let demo = try DemoStore.build(at: directory.appendingPathComponent("apiary.db").path)
        let policy = directory.appendingPathComponent("policy.toml")
        try "[costs]\ninput_per_million = 3\noutput_per_million = 15\nwatts = 100\ncurrency = \"EUR\"\n".write(to: policy, atomically: true, encoding: .utf8)
        let html = directory.appendingPathComponent("report.html")
        let written = try runApiary(["report", "--db", demo.path, "--policy", policy.path, "--out", html.path], in: directory)
        XCTAssertEqual(written.status, 0, written.error)
        let page = try String(contentsOf: html, encoding: .utf8)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: html.path)[.size] as? Int)
        print("report: \(html.path) \(size) bytes")
        try? FileManager.default.removeItem(at: try artifactDirectory().appendingPathComponent("report.html"))
        try FileManager.default.copyItem(at: html, to: try artifactDirectory().appendingPathComponent("report.html"))
        XCTAssertTrue(written.error.contains("\(size) bytes"))
        XCTAssertTrue(page.contains("EUR"))

        let json = try runApiary(["report", "--json", "--db", demo.path, "--policy", policy.path, "--out", "-"], in: directory)
        XCTAssertEqual(json.status, 0, json.error)
        let figures = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let settings = try XCTUnwrap(figures["settings"] as? [String: Any])
        XCTAssertEqual(settings["input_price_per_million"] as? Double, 3)
        XCTAssertEqual(settings["watts"] as? Double, 100)
        XCTAssertEqual(settings["hardware_cost"] as? Double, 1500, "unset keys keep their defaults")
        let cost = try XCTUnwrap(figures["cost"] as? [String: Any])
        let shown = pageFigures(page)
        for key in ["tokens_in", "tokens_out", "tickets"] {
            XCTAssertEqual(shown["cost.\(key)"]?.text, (cost[key] as? Int).map(String.init), key)
        }
        // JSONSerialization reads the last digit of a double differently; the figure is the same.
        XCTAssertEqual(try XCTUnwrap(shown["cost.cloud_cost"]?.value.flatMap(Double.init)), try XCTUnwrap(cost["cloud_cost"] as? Double),
                       accuracy: 1e-12)
    }

    func testABadCostsTableIsAnErrorWithItsPosition() throws {
        let directory = try makeTemporaryDirectory(self)
        let demo = try DemoStore.build(at: directory.appendingPathComponent("apiary.db").path)
        let policy = directory.appendingPathComponent("policy.toml")
        try "[costs]\nwats = 100\ninput_per_million = -1\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try runApiary(["report", "--db", demo.path, "--policy", policy.path, "--out", "-"], in: directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("policy.toml:2:1"), result.error)
        XCTAssertTrue(result.error.contains("costs.input_per_million must be a number ≥ 0"), result.error)
    }

    private func waitForURL(_ child: ChildProcess, in directory: URL) throws -> URL {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("err-") {
                let text = (try? String(contentsOfFile: directory.appendingPathComponent(file).path, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression), child.process.isRunning {
                    return URL(string: String(text[range]))!
                }
            }
            usleep(50_000)
        }
        child.killHard()
        XCTFail("the dashboard did not start")
        throw CocoaError(.fileReadUnknown)
    }

    private func get(_ url: URL) throws -> (status: Int, body: String) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String) = (0, "")
        URLSession.shared.dataTask(with: url) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? "")
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return result
    }
}
