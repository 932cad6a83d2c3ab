import Batch
import Foundation
import Store
import Swarm

/// `apiary route SWARM [TEXT | -] [--json]`
enum RouteCommand: Command {
    static let name = "route"
    static let summary = "Route requests to domains (no answers generated)"
    static let help = """
    Usage: apiary route SWARM [TEXT | -] [--json] [--all]

    Runs only the swarm's router on TEXT and prints the domain it chose, the
    confidence and the strategy that decided. With '-' (or no TEXT) it reads
    one request per line from standard input and answers each line in order.

    Options:
      --json    one JSON object per request: domain (null when out of scope),
                confidence, strategy, action, seconds, and every strategy's
                scores under "strategies"
      --all     run every strategy even after one decided (to compare them)

    Examples:
      apiary route swarms/support.toml "I was charged twice"
      cut -d, -f2 tickets.csv | apiary route swarms/support.toml - --json
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let json = arguments.flag("--json")
        let all = arguments.flag("--all")
        let words = try arguments.positionals()
        guard let path = words.first else { throw CLIError.usage("missing SWARM file") }
        guard words.count <= 2 else { throw CLIError.usage("expected SWARM and at most one TEXT (quote it)") }
        let runtime = try SwarmLoading.load(path: path)
        let route = { (text: String) throws in
            let result = try runtime.route(text, all: all)
            if json {
                try Output.record(RoutedRequest(domain: result.domain, route: ResultRecord.Route(result)))
            } else {
                let domain = result.domain ?? "out of scope (\(result.action.rawValue))"
                Output.line("\(domain)\t\(String(format: "%.2f", result.confidence))\t\(result.strategy)")
            }
        }
        if words.count == 2, words[1] != "-" {
            try route(words[1])
        } else {
            while let line = readLine(strippingNewline: true) {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                try route(line)
            }
        }
        return 0
    }
}

/// `apiary route --json`: the domain and how the router decided, as in a result record.
private struct RoutedRequest: Encodable {
    var domain: String?
    var route: ResultRecord.Route

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, forKey: .domain)
        try container.encode(route, forKey: .route)
    }

    enum CodingKeys: String, CodingKey { case domain, route }
}
