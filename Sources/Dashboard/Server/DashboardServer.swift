import Foundation
import HTTP
import Store

/// The dashboard's routes over the HTTP server: `/` (the live page) and
/// `/figures.json` (the same figures for scripts). Each request opens the
/// store read-only, reads one snapshot and closes it again.
public struct DashboardSite: Sendable {
    public var databasePath: String
    public var costs: CostSettings
    public var auditThreshold: Double
    public var refreshSeconds: Int

    public init(databasePath: String, costs: CostSettings = CostSettings(), auditThreshold: Double = 0.5, refreshSeconds: Int = 5) {
        self.databasePath = databasePath
        self.costs = costs
        self.auditThreshold = auditThreshold
        self.refreshSeconds = refreshSeconds
    }

    /// Inline styles and scripts only; nothing may be loaded from anywhere, not even this server.
    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
    ]

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let route: (DashboardFigures) -> HTTPResponse
        switch request.path {
        case "/", "/index.html":
            route = { HTTPResponse(contentType: "text/html; charset=utf-8", text: DashboardPage(figures: $0, refreshSeconds: refreshSeconds).html, headers: Self.securityHeaders) }
        case "/figures.json":
            route = { HTTPResponse(contentType: "application/json", text: $0.json, headers: Self.securityHeaders) }
        default:
            return .error(.notFound, "the dashboard has / and /figures.json")
        }
        do {
            return route(try figures())
        } catch {
            return .error(.internalServerError, "cannot read the store: \(error)")
        }
    }

    public func figures() throws -> DashboardFigures {
        try DashboardFigures(database: Database.openStoreForReading(path: databasePath), costs: costs, auditThreshold: auditThreshold)
    }
}
