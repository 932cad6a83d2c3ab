import Foundation
import Store
import Swarm
import Terminal

/// `apiary review`: the full-screen review queue.
enum ReviewCommand: Command {
    static let name = "review"
    static let summary = "Review flagged answers in a full-screen terminal interface"
    static let help = """
    Usage: apiary review [--db DB] [--reviewer NAME] [--domain D] [--lease SECONDS] [--swarm FILE]

    Opens the review queue full screen. The top pane lists the open items
    (id, domain, audit score, age, first line of the request); the pane below
    shows the item you hold: request, answer, route with its confidence, audit
    score and the auditor's and policy's reasons.

    The item shown is claimed for you (a lease, renewed while you work) so no
    other reviewer gets it; it is released when you skip it or quit. After a
    decision the next item opens. Nothing is held open in the database while
    you read: each key that decides re-checks your lease first, so a decision
    made after your lease was taken over is refused, never overwritten.

    Keys:
      j, k, ↓, ↑       move in the list
      enter            open the selected item (release the one you hold)
      a                approve the answer
      r                reject the answer (asks for a reason; Esc cancels)
      e                edit the answer in $EDITOR, then approve the edited text
      d                correct the domain: pick one of the listed domains (by
                       name or number; out_of_scope too), logged in the decision
                       log; then approve, reject or edit as usual
      s                skip: release the item and open the next one
      space, b         scroll the detail pane down, up (also PgDn, PgUp)
      g, G             top, bottom of the detail pane
      /                filter by domain or by text (empty clears)
      ?                help
      Ctrl-Z           suspend (fg resumes, redrawn; the item stays yours while the lease lasts)
      q, Ctrl-C        quit (releases the item you hold)

    Options:
      --db DB            database file (default ./apiary.db)
      --reviewer NAME    who decides (default $USER)
      --domain D         only items routed to domain D
      --lease SECONDS    how long a claim lasts without activity (default 600)
      --swarm FILE       the domains `d` offers (default: the domains in the queue)

    Needs a terminal of at least 40×12; works in 80×24. The terminal is
    restored on exit, Ctrl-C, SIGTERM and SIGHUP, and taken back after a stop
    (Ctrl-Z, SIGSTOP) and `fg`. The list is read from the database a screenful
    at a time, so a queue of any size opens and filters at once; while no key
    is pressed the program sleeps in poll(2), waking every 2 s to keep the
    lease and to look for changes by other reviewers.

    Examples:
      apiary review
      apiary review --db /srv/apiary/apiary.db --reviewer ana --domain billing
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let db = try arguments.option("--db") ?? "apiary.db"
        let reviewer = try QueueCommand.checkedReviewer(try arguments.option("--reviewer"))
        let domain = try arguments.option("--domain")
        let lease = try QueueCommand.leaseOption(&arguments) ?? 600
        let swarmPath = try arguments.option("--swarm")
        let extra = try arguments.positionals()
        try arguments.finish()
        if let word = extra.first { throw CLIError.usage("unexpected argument '\(word)'") }

        // Reviewing writes claims and decisions, but a missing file is a mistyped path, not an empty queue.
        let queue = try ReviewQueue(path: db, access: .readWrite)
        for warning in queue.database.warnings { Output.error(warning) }
        let known = try swarmPath.map { try SwarmSpecLoader.load(path: $0).domains.map(\.name) } ?? queue.knownDomains()
        let domains = known.filter { $0 != Route.outOfScopeLabel } + [Route.outOfScopeLabel]
        let terminal = try TerminalSession()
        let screen = ReviewScreen(queue: queue, terminal: terminal, reviewer: reviewer, domain: domain,
                                  leaseDuration: lease, title: db, domains: domains)
        let status = screen.run()
        terminal.restore()
        if let summary = screen.summary { Output.line(summary) }
        return status
    }
}
