import Dashboard
import Foundation
import HTTP

/// `apiary dashboard [--db DB] [--port 8377] [--host 127.0.0.1] [--token T]`
enum DashboardCommand: Command {
    static let name = "dashboard"
    static let summary = "Serve a live web page of jobs, domains, review and cost from the store"
    static let help = """
    Usage: apiary dashboard [--db DB] [--host ADDRESS] [--port N] [--token TOKEN]
                            [--policy FILE | --swarm FILE] [--timeout SECONDS]

    Serves the dashboard at http://HOST:PORT/ until Ctrl-C or SIGTERM: jobs
    (progress, tickets/s, tokens/s, verdicts, ETA), domains (volume per day,
    flagged rate, audit score, latency), review (backlog by age, time to
    decision, decisions per reviewer, auditor agreement) and cost and energy
    (tokens, energy, cloud price of the same tokens, payback time). The page
    refreshes itself every 5 seconds; /figures.json has the same figures.

    The store is opened read-only, one short read per request: a running job
    or reviewer never waits for the dashboard. Nothing is loaded from the
    network; charts are drawn by Apiary as inline SVG.

    Only this machine can connect unless --host names another address; then
    an access token is required (--token, or APIARY_DASHBOARD_TOKEN; at least
    16 characters) and every request must carry it: `Authorization: Bearer
    TOKEN`, or open http://HOST:PORT/?token=TOKEN once — the server sets a
    cookie and redirects to the address without the token.

    Options:
      --host ADDRESS   IP address to listen on (default 127.0.0.1)
      --port N         TCP port (default 8377; 0 picks a free one)
      --token TOKEN    access token (or APIARY_DASHBOARD_TOKEN)
      --timeout S      seconds a client has to send a request (default 10)
    \(DashboardSettings.help)

    Examples:
      apiary dashboard
      APIARY_DASHBOARD_TOKEN=$(openssl rand -hex 16) apiary dashboard --host 0.0.0.0
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let settings = try DashboardSettings.parse(&arguments)
        let host = try arguments.option("--host") ?? "127.0.0.1"
        let port = try arguments.option("--port", as: UInt16.self, expected: "a port number 0…65535") ?? 8377
        let timeout = try arguments.option("--timeout", as: Double.self, expected: "seconds") ?? 10
        let token = try arguments.option("--token") ?? ProcessInfo.processInfo.environment["APIARY_DASHBOARD_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        try arguments.finish()
        guard timeout > 0, timeout.isFinite else { throw CLIError.usage("--timeout expects a positive number of seconds") }
        // Fail before listening when the store cannot be read.
        _ = try settings.site.figures()
        let site = settings.site
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: host, port: port, token: token, requestTimeout: timeout),
                                    handler: site.respond(to:))
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
        Thread {
            while !stopRequested.load(ordering: .relaxed) { usleep(100_000) }
            server.stop()
        }.start()
        Output.error("apiary dashboard: serving \(settings.database) at \(server.url) (Ctrl-C stops)")
        server.run()
        Output.error("apiary dashboard: stopped")
        return 0
    }
}
