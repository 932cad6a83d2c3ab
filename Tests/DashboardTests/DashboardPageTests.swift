import Foundation
import Store
import XCTest
@testable import Dashboard

final class DashboardPageTests: XCTestCase {
    private func figures() throws -> DashboardFigures {
        let demo = try DemoStore.build(at: makeTemporaryDirectory(self).appendingPathComponent("apiary.db").path)
        return try DashboardFigures(database: Database.openStoreForReading(path: demo.path), costs: CostSettings(), now: demo.end)
    }

    func testThePageNeedsNothingFromOutside() throws {
        let html = DashboardPage(figures: try figures(), refreshSeconds: 5).html
        let withoutSVGNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for outside in ["http://", "https://", "src=", "href=", "@import", "url("] {
            XCTAssertFalse(withoutSVGNamespace.contains(outside), "the page refers to something outside: \(outside)")
        }
    }

    func testEverySectionHasChartsAndTheirNumbersAsTables() throws {
        let html = DashboardPage(figures: try figures()).html
        for section in ["jobs", "domains", "review", "cost"] {
            let start = try XCTUnwrap(html.range(of: "<section id=\"\(section)\">"), section)
            let body = html[start.upperBound...].prefix { _ in true }
            let end = body.range(of: "</section>")?.lowerBound ?? body.endIndex
            let content = body[..<end]
            XCTAssertTrue(content.contains("<svg"), "\(section) has no chart")
            XCTAssertTrue(content.contains("<table>"), "\(section) has no table")
        }
    }

    func testTheReportIsStaticAndTheDashboardRefreshes() throws {
        let figures = try figures()
        XCTAssertFalse(DashboardPage(figures: figures).html.contains("<script>"))
        XCTAssertTrue(DashboardPage(figures: figures, refreshSeconds: 5).html.contains("setTimeout(refresh,5000)"))
    }

    func testTheTablesShowTheFigures() throws {
        let figures = try figures()
        let shown = pageFigures(DashboardPage(figures: figures).html)
        XCTAssertEqual(shown["review.total"]?.text, String(figures.review.total))
        for job in figures.jobs {
            XCTAssertEqual(shown["job.\(job.id).done"]?.text, String(job.done))
            XCTAssertEqual(shown["job.\(job.id).status"]?.text, job.status)
        }
        for domain in figures.domains {
            XCTAssertEqual(shown["domain.\(domain.domain).tickets"]?.text, String(domain.tickets))
            XCTAssertEqual(shown["domain.\(domain.domain).latency_p95"]?.value, "\(domain.latencyP95)")
        }
        XCTAssertEqual(shown["cost.cloud_cost"]?.value, "\(figures.cost.cloudCost)")
    }

    func testNamesFromTheStoreAreEscaped() throws {
        var figures = try figures()
        figures.jobs[0].id = "<script>alert(1)</script>"
        let html = DashboardPage(figures: figures).html
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    func testTheJSONDecodesToTheSameFigures() throws {
        let figures = try figures()
        XCTAssertEqual(try RecordJSON.decode(DashboardFigures.self, from: figures.json), figures)
        for key in ["\"payback_months\"", "\"tickets_per_second\"", "\"median_seconds_to_decision\"", "\"input_price_per_million\""] {
            XCTAssertTrue(figures.json.contains(key), key)
        }
    }
}
