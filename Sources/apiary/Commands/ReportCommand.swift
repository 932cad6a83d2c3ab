import Dashboard
import Foundation

/// `apiary report --out report.html [--json]`
enum ReportCommand: Command {
    static let name = "report"
    static let summary = "Write the dashboard as one self-contained HTML file, or its figures as JSON"
    static let help = """
    Usage: apiary report --out FILE [--json] [--db DB] [--policy FILE | --swarm FILE]

    Writes the dashboard page as one static HTML file — styles and charts
    inline, nothing to fetch, fit to mail or archive — or with --json the same
    figures as JSON (the shape of the dashboard's /figures.json). --out -
    writes to standard output.

    Options:
      --out FILE       where to write (- for standard output)
      --json           the figures as JSON instead of the page
    \(DashboardSettings.help)

    Examples:
      apiary report --out report.html
      apiary report --json --out - | jq .cost.payback_months
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let settings = try DashboardSettings.parse(&arguments)
        let json = arguments.flag("--json")
        guard let out = try arguments.option("--out") else { throw CLIError.usage("missing --out FILE") }
        try arguments.finish()
        let figures = try settings.site.figures()
        let text = json ? figures.json : DashboardPage(figures: figures).html
        if out == "-" {
            Output.write(text)
        } else {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw CLIError.failed("cannot write \(out): \(error.localizedDescription)")
            }
            Output.error("wrote \(out) (\(text.utf8.count) bytes)")
        }
        return 0
    }
}
