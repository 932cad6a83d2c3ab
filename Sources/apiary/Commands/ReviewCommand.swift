import Foundation
import Store
import Terminal

/// `apiary review`: the full-screen review queue.
enum ReviewCommand: Command {
    static let name = "review"
    static let summary = "Review flagged answers in a full-screen terminal interface"
    static let help = """
    Usage: apiary review [--db DB] [--reviewer NAME] [--domain D] [--lease SECONDS]

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
      s                skip: release the item and open the next one
      space, b         scroll the detail pane down, up (also PgDn, PgUp)
      g, G             top, bottom of the detail pane
      /                filter by domain or by text (empty clears)
      ?                help
      q, Ctrl-C        quit (releases the item you hold)

    Options:
      --db DB            database file (default ./apiary.db)
      --reviewer NAME    who decides (default $USER)
      --domain D         only items routed to domain D
      --lease SECONDS    how long a claim lasts without activity (default 600)

    Needs a terminal of at least 40×12; works in 80×24. The terminal is
    restored on exit, Ctrl-C, SIGTERM and SIGHUP.

    Examples:
      apiary review
      apiary review --db /srv/apiary/apiary.db --reviewer ana --domain billing
    """

    static func run(_ arguments: inout ArgumentList) throws -> Int32 {
        let db = try arguments.option("--db") ?? "apiary.db"
        let reviewer = try arguments.option("--reviewer") ?? QueueCommand.defaultReviewer()
        let domain = try arguments.option("--domain")
        let lease = try arguments.option("--lease", as: Double.self, expected: "a number of seconds") ?? 600
        guard lease > 0 else { throw CLIError.usage("option --lease expects a positive number of seconds") }
        let extra = try arguments.positionals()
        try arguments.finish()
        if let word = extra.first { throw CLIError.usage("unexpected argument '\(word)'") }

        let queue = try ReviewQueue(path: db)
        for warning in queue.database.warnings { Output.error(warning) }
        let terminal = try TerminalSession()
        let screen = ReviewScreen(queue: queue, terminal: terminal, reviewer: reviewer, domain: domain,
                                  leaseDuration: lease, title: db)
        let status = screen.run()
        terminal.restore()
        if let summary = screen.summary { Output.line(summary) }
        return status
    }
}

/// The state and key handling of `apiary review`.
final class ReviewScreen {
    private enum Mode {
        case browse
        case help
        case reason(LineEditor)
        case filter(LineEditor)
    }

    private let queue: ReviewQueue
    private let terminal: TerminalSession
    private let reviewer: String
    private let leaseDuration: TimeInterval
    private let title: String
    private var renderer = FrameRenderer()

    private var domain: String?
    private var text: String?
    private var items: [ReviewItem] = []
    private var cursor = 0
    private var held: ReviewQueue.Claim?
    private var skipped: Set<Int64> = []
    private var detailScroll = 0
    private var mode = Mode.browse
    private var message = ""
    private var messageStyle = ANSI.Style.plain
    private var decided = 0
    private(set) var summary: String?

    init(queue: ReviewQueue, terminal: TerminalSession, reviewer: String, domain: String?,
         leaseDuration: TimeInterval, title: String) {
        self.queue = queue
        self.terminal = terminal
        self.reviewer = reviewer
        self.domain = domain
        self.leaseDuration = leaseDuration
        self.title = title
    }

    /// The event loop; returns the exit status.
    func run() -> Int32 {
        reload()
        openNext(after: nil)
        while true {
            draw()
            switch terminal.nextEvent(timeout: 2) {
            case .key(let key):
                if !handle(key) { return finish(status: 0) }
            case .resize:
                renderer.invalidate()
            case .terminate(let signal):
                return finish(status: 128 + signal)
            case .timeout:
                keepLeaseAlive()
                reload()
            }
        }
    }

    private func finish(status: Int32) -> Int32 {
        if let held { _ = try? queue.release(held.lease) }
        held = nil
        summary = "\(decided) decided this session"
        return status
    }

    // MARK: Keys

    /// Handles one key; false means quit.
    private func handle(_ key: Key) -> Bool {
        switch mode {
        case .help:
            mode = .browse
            return true
        case .reason(var editor):
            switch editor.handle(key) {
            case .editing: mode = .reason(editor)
            case .cancelled: mode = .browse; say("rejection cancelled")
            case .submitted(let reason):
                mode = .browse
                if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                    say("a rejection needs a reason; nothing decided", error: true)
                } else {
                    decide(.reject(reason: reason))
                }
            }
            return true
        case .filter(var editor):
            switch editor.handle(key) {
            case .editing: mode = .filter(editor)
            case .cancelled: mode = .browse
            case .submitted(let filter):
                mode = .browse
                applyFilter(filter.trimmingCharacters(in: .whitespaces))
            }
            return true
        case .browse:
            break
        }
        switch key {
        case .character("q"), .control("c"), .control("d"):
            return false
        case .character("j"), .down: moveCursor(by: 1)
        case .character("k"), .up: moveCursor(by: -1)
        case .enter: openSelected()
        case .character("a"): decide(.approve)
        case .character("r"):
            if held != nil { mode = .reason(LineEditor()) } else { say("open an item first (enter)", error: true) }
        case .character("e"): editAndApprove()
        case .character("s"): skip()
        case .character(" "), .pageDown, .control("f"): detailScroll += detailPage
        case .character("b"), .pageUp, .control("b"): detailScroll = max(0, detailScroll - detailPage)
        case .character("g"), .home: detailScroll = 0
        case .character("G"), .end: detailScroll = Int.max / 2
        case .character("/"): mode = .filter(LineEditor(text ?? domain ?? ""))
        case .character("?"): mode = .help
        case .control("l"): renderer.invalidate()
        default: break
        }
        return true
    }

    private var detailPage: Int { max(1, view().detailHeight(for: terminal.size) - 1) }

    private func moveCursor(by delta: Int) {
        guard !items.isEmpty else { return }
        cursor = min(max(0, cursor + delta), items.count - 1)
        if let held, items[cursor].id != held.item.id {
            say("enter opens item \(items[cursor].id) (and releases \(held.item.id))")
        } else {
            say("")
        }
    }

    // MARK: Claims and decisions

    /// Re-reads the open items (pending and claimed) matching the filters.
    private func reload() {
        do {
            let selected = items.indices.contains(cursor) ? items[cursor].id : held?.item.id
            items = try queue.items(statuses: [.pending, .claimed], domain: domain, text: text)
            if let selected, let index = items.firstIndex(where: { $0.id == selected }) { cursor = index }
            cursor = min(cursor, max(0, items.count - 1))
        } catch {
            say("\(error)", error: true)
        }
    }

    private func isClaimable(_ item: ReviewItem, now: Date) -> Bool {
        item.status == .pending || item.isLeaseExpired(at: now) || item.claimedBy == reviewer
    }

    /// Opens the next claimable, unskipped item after `id` in list order (wrapping), or reports an empty queue.
    private func openNext(after id: Int64?) {
        reload()
        let now = Date()
        let start = id.flatMap { current in items.firstIndex { $0.id == current } }.map { $0 + 1 } ?? 0
        let order = items.count > 0 ? (0..<items.count).map { (start + $0) % items.count } : []
        for index in order where !skipped.contains(items[index].id) && isClaimable(items[index], now: now) {
            if open(items[index].id) { return }
        }
        held = nil
        say(skipped.isEmpty ? "nothing to review — the queue is empty" : "nothing left but the \(skipped.count) you skipped",
            error: false)
    }

    /// Claims item `id` for this reviewer and shows it; false when someone else has it.
    @discardableResult
    private func open(_ id: Int64) -> Bool {
        do {
            let claim = try queue.claim(itemID: id, reviewer: reviewer, lease: leaseDuration)
            held = claim
            detailScroll = 0
            reload()
            if let index = items.firstIndex(where: { $0.id == id }) { cursor = index }
            say("")
            return true
        } catch {
            say("\(error)", error: true)
            return false
        }
    }

    private func openSelected() {
        guard items.indices.contains(cursor) else { return }
        let id = items[cursor].id
        if held?.item.id == id { return }
        if let held { _ = try? queue.release(held.lease) }
        held = nil
        skipped.remove(id)
        if !open(id) { reload() }
    }

    /// Renews the lease when half of it has passed, so a slow reader keeps the item.
    private func keepLeaseAlive() {
        guard let current = held, current.lease.expiresAt.timeIntervalSinceNow < leaseDuration / 2 else { return }
        do {
            held?.lease = try queue.renew(current.lease, for: leaseDuration)
        } catch {
            held = nil
            say("lost item \(current.item.id): \(error)", error: true)
        }
    }

    /// Re-checks the lease (renewing it) and applies `decision`, then opens the next item.
    private func decide(_ decision: ReviewQueue.Decision) {
        guard let current = held else { return say("open an item first (enter)", error: true) }
        do {
            let lease = try queue.renew(current.lease, for: leaseDuration)
            let item = try queue.apply(decision, with: lease)
            decided += 1
            held = nil
            openNext(after: item.id)
            say("item \(item.id) \(item.status.rawValue)" + (message.isEmpty ? "" : " — \(message)"))
        } catch {
            held = nil
            say("item \(current.item.id) not decided: \(error)", error: true)
            reload()
        }
    }

    private func editAndApprove() {
        guard let current = held else { return say("open an item first (enter)", error: true) }
        let edited: String
        do {
            // The editor may take a while: hold the item for the whole lease once more.
            held?.lease = try queue.renew(current.lease, for: leaseDuration)
            edited = try terminal.suspend { try ExternalEditor.edit(current.item.answer) }
        } catch {
            renderer.invalidate()
            return say("\(error)", error: true)
        }
        renderer.invalidate()
        if edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return say("the edited answer is empty; nothing decided", error: true)
        }
        decide(edited == current.item.answer ? .approve : .edit(newAnswer: edited))
    }

    private func skip() {
        guard let current = held else { return openNext(after: nil) }
        _ = try? queue.release(current.lease)
        held = nil
        skipped.insert(current.item.id)
        openNext(after: current.item.id)
    }

    /// A known domain filters by domain; anything else searches request and answer text.
    private func applyFilter(_ filter: String) {
        if filter.isEmpty {
            domain = nil
            text = nil
        } else if let known = try? queue.items(domain: filter, limit: 1), !known.isEmpty {
            domain = filter
            text = nil
        } else {
            domain = nil
            text = filter
        }
        cursor = 0
        reload()
        say(filter.isEmpty ? "filter cleared" : "\(items.count) items match '\(filter)'")
    }

    private func say(_ text: String, error: Bool = false) {
        message = text
        messageStyle = error ? ANSI.Style(bold: true, color: .red) : .plain
    }

    // MARK: Drawing

    private func draw() {
        let size = terminal.size
        var frame = view().render(size: size)
        if size.columns < 40 || size.rows < 12 {
            frame = (0..<size.rows).map { $0 == 0 ? TextLayout.truncate("terminal too small (need 40×12)", to: size.columns) : "" }
        }
        terminal.write(renderer.update(to: frame))
    }

    private func view() -> ListDetailView {
        let now = Date()
        var filter = ""
        if let domain { filter += "  domain: \(domain)" }
        if let text { filter += "  text: \(text)" }
        var view = ListDetailView(
            title: "apiary review — \(reviewer) — \(title) — \(items.count) open\(filter)",
            rows: items.map { row(for: $0, now: now) },
            selected: items.isEmpty ? nil : cursor,
            footer: " j/k move  ⏎ open  a approve  r reject  e edit  s skip  / filter  ? help  q quit")
        view.status = message
        view.statusStyle = messageStyle
        switch mode {
        case .reason(let editor):
            view.status = "reject item \(held?.item.id ?? 0) — reason: " + prompt(editor) + "   (enter to reject, esc to cancel)"
            view.statusStyle = .bold
        case .filter(let editor):
            view.status = "filter (domain or text, empty clears): " + prompt(editor)
            view.statusStyle = .bold
        case .help:
            view.detailTitle = "help — any key returns"
            view.sections = [.init("keys", ReviewCommand.help.components(separatedBy: "Keys:\n").last?
                .components(separatedBy: "\n\n").first ?? "")]
            return view
        case .browse:
            break
        }
        guard let held else {
            view.detailTitle = "no item open"
            view.sections = [.init("", items.isEmpty ? "Nothing to review." : "Select an item with j/k and press enter.")]
            return view
        }
        let item = held.item
        let until = DateFormatter.localizedString(from: held.lease.expiresAt, dateStyle: .none, timeStyle: .medium)
        view.detailTitle = "item \(item.id) · yours until \(until) · generation \(held.lease.generation)"
        var route = item.domain ?? "(no domain)"
        if let confidence = item.content.routeConfidence { route += String(format: "  confidence %.2f", confidence) }
        if let strategy = item.content.routeStrategy { route += "  by \(strategy)" }
        if let specialist = item.content.specialist { route += "  → \(specialist)" }
        var audit = item.content.auditScore.map { String(format: "score %.2f", $0) } ?? "no score"
        if let verdict = item.content.verdict { audit += "  verdict \(verdict)" }
        let source = (item.source.job.isEmpty ? "" : "job \(item.source.job), ") + "ticket \(item.source.ticket)"
        view.sections = [
            .init("request", item.request),
            .init("answer", item.answer, style: ANSI.Style(color: .green)),
            .init("route", route),
            .init("audit", audit),
        ]
        let reasons = item.content.reasons + item.content.flags
        if !reasons.isEmpty { view.sections.append(.init("reasons", reasons.map { "• " + $0 }.joined(separator: "\n"))) }
        view.sections.append(.init("source", source))
        view.detailScroll = min(detailScroll, view.maxDetailScroll(for: terminal.size))
        detailScroll = view.detailScroll
        return view
    }

    private func row(for item: ReviewItem, now: Date) -> String {
        let score = item.content.auditScore.map { String(format: "%.2f", $0) } ?? "  - "
        var marker = " "
        if item.id == held?.item.id { marker = "●" } else if item.status == .claimed && !item.isLeaseExpired(at: now) { marker = "⊘" }
        let holder = item.status == .claimed && item.id != held?.item.id && !item.isLeaseExpired(at: now)
            ? "[\(item.claimedBy ?? "?")] " : ""
        return marker + TextLayout.pad(String(item.id), to: 5) + " " + TextLayout.pad(item.domain ?? "-", to: 10) + " "
            + score + "  " + TextLayout.pad(DurationText.compact(now.timeIntervalSince(item.createdAt)), to: 6)
            + holder + TextLayout.firstLine(item.request)
    }

    /// The field's text with a bar at the insertion point (plain text: the status line is truncated by width).
    private func prompt(_ editor: LineEditor) -> String {
        let characters = editor.text
        return TextLayout.sanitize(String(characters.prefix(editor.cursor))) + "▏"
            + TextLayout.sanitize(String(characters.dropFirst(editor.cursor)))
    }
}
