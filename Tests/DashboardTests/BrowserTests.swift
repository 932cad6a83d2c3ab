import ApiaryTestSupport
import Dashboard
import Foundation
import HTTP
import Store
import XCTest

/// The page in a real browser: headless Chromium loads it from a server this
/// test starts on a demo store; its DOM, once the page has refreshed itself,
/// must show the figures that `apiary queue stats --json` and `apiary jobs
/// --json` print. The screenshot is kept in `.build/test-artifacts/dashboard`.
final class BrowserTests: XCTestCase {
    private func chromium() throws -> String {
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        XCTFail("headless Chromium is needed for this test: apt-get install chromium (make system-packages does)")
        throw CocoaError(.fileNoSuchFile)
    }

    private func runChromium(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        // No sandbox: tests may run as root in a container; the page is our own.
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--user-data-dir=\(directory.appendingPathComponent("chromium-\(UUID().uuidString)").path)"]
        let result = try ChildProcess(URL(fileURLWithPath: try chromium()), flags + arguments, directory: directory).wait()
        XCTAssertEqual(result.status, 0, result.error)
        return result
    }

    func testChromiumShowsTheFiguresOfQueueStatsAndTheJobRecords() throws {
        let directory = try makeTemporaryDirectory(self)
        let demo = try DemoStore.build(at: directory.appendingPathComponent("apiary.db").path)
        let site = DashboardSite(databasePath: demo.path)
        let server = try HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: site.respond(to:))
        let stopped = DispatchSemaphore(value: 0)
        Thread {
            server.run()
            stopped.signal()
        }.start()
        defer {
            server.stop()
            XCTAssertEqual(stopped.wait(timeout: .now() + 5), .success)
        }

        // One browser run: load the page, let six seconds of its (virtual) time pass — its script
        // fetches the page again after five and swaps in the new figures — then dump the DOM and
        // take the screenshot.
        let screenshot = try artifactDirectory().appendingPathComponent("dashboard.png")
        try? FileManager.default.removeItem(at: screenshot)
        let dom = try runChromium(["--hide-scrollbars", "--window-size=1280,3000", "--virtual-time-budget=6000",
                                   "--screenshot=\(screenshot.path)", "--dump-dom", server.url], in: directory).output
        let png = try Data(contentsOf: screenshot)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        print("dashboard screenshot: \(screenshot.path) (\(png.count) bytes)")
        XCTAssertTrue(dom.contains("· live, updated"), "the page did not refresh itself")
        XCTAssertTrue(dom.contains("<svg"), "the charts are in the DOM")
        let shown = pageFigures(dom)

        let stats = try JSONValue.parse(try runApiary(["queue", "stats", "--json", "--db", demo.path], in: directory).output)
        XCTAssertEqual(shown["review.total"]?.text, stats["total"].map(Self.text))
        for status in ["pending", "claimed", "approved", "rejected", "edited"] {
            XCTAssertEqual(shown["review.by_status.\(status)"]?.text, stats["by_status"]?[status].map(Self.text), status)
        }
        XCTAssertEqual(shown["review.median_seconds_to_decision"]?.value.flatMap(Double.init),
                       stats["median_seconds_to_decision"]?.doubleValue)
        guard case .object(let reviewers) = stats["reviewers"] else { return XCTFail("no reviewers in queue stats") }
        XCTAssertEqual(reviewers.count, DemoStore.reviewers.count)
        for (name, counts) in reviewers {
            for field in ["approved", "edited", "rejected"] {
                XCTAssertEqual(shown["review.reviewer.\(name).\(field)"]?.text, counts[field].map(Self.text), "\(name) \(field)")
            }
            XCTAssertEqual(shown["review.reviewer.\(name).median_seconds_handling"]?.value.flatMap(Double.init),
                           counts["median_seconds_handling"]?.doubleValue)
        }

        let jobLines = try runApiary(["jobs", "--json", "--db", demo.path], in: directory).output.split(separator: "\n")
        XCTAssertEqual(jobLines.count, 3)
        for line in jobLines {
            let job = try JSONValue.parse(String(line))
            let id = try XCTUnwrap(job["id"]?.stringValue)
            for field in ["status", "done", "total", "rejected", "failed"] {
                XCTAssertEqual(shown["job.\(id).\(field)"]?.text, job[field].map(Self.text), "\(id) \(field)")
            }
        }
    }

    /// A JSON scalar as the page prints it.
    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .integer(let i): return String(i)
        case .string(let s): return s
        default: return value.jsonText
        }
    }
}
