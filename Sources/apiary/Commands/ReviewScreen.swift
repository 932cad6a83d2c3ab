import Foundation
import Store
import Terminal

/// The state and key handling of `apiary review`.
final class ReviewScreen {
    private enum Mode {
        case browse
        case help
        case reason(LineEditor)
        case filter(LineEditor)
        case domain(LineEditor)
    }

    private let queue: ReviewQueue
    private let terminal: TerminalSession
    private let reviewer: String
    private let leaseDuration: TimeInterval
    private let title: String
    /// What `d` offers: the swarm's domains (or the queue's), then out_of_scope.
    private let domains: [String]
    private var renderer = FrameRenderer()

    /// Open items (pending and claimed) matching the domain or text filter.
    private var filter: ReviewQueue.Filter
    /// The screenful of the list on display: `page[0]` is at position `pageOffset` of `total`.
    private var page: [ReviewItem] = []
    private var pageOffset = 0
    private var total = 0
    /// The selected position in the whole list.
    private var cursor = 0
    /// SQLite's `data_version` when the list was last read: it changes when another connection commits.
    private var seenVersion: Int64?
    private var held: ReviewQueue.Claim?
    private var skipped: Set<Int64> = []
    private var detailScroll = 0
    private var mode = Mode.browse
    private var message = ""
    private var messageStyle = ANSI.Style.plain
    private var decided = 0
    private(set) var summary: String?

    init(queue: ReviewQueue, terminal: TerminalSession, reviewer: String, domain: String?,
         leaseDuration: TimeInterval, title: String, domains: [String]) {
        self.queue = queue
        self.terminal = terminal
        self.reviewer = reviewer
        self.filter = ReviewQueue.Filter(statuses: [.pending, .claimed], domain: domain)
        self.leaseDuration = leaseDuration
        self.title = title
        self.domains = domains
    }

    /// The event loop; returns the exit status.
    func run() -> Int32 {
        openNext()
        while true {
            draw()
            switch terminal.nextEvent(timeout: 2) {
            case .key(let key):
                if !handle(key) { return finish(status: 0) }
            case .resize:
                renderer.invalidate()
                loadPage()
            case .resumed:
                renderer.invalidate()
            case .terminate(let signal):
                return finish(status: 128 + signal)
            case .timeout:
                keepLeaseAlive()
                if (try? queue.database.dataVersion()) != seenVersion { reload() }
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
        case .domain(var editor):
            switch editor.handle(key) {
            case .editing: mode = .domain(editor)
            case .cancelled: mode = .browse; say("domain unchanged")
            case .submitted(let text):
                mode = .browse
                correctDomain(text.trimmingCharacters(in: .whitespaces))
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
        case .character("d"):
            if held != nil { mode = .domain(LineEditor()) } else { say("open an item first (enter)", error: true) }
        case .character("s"): skip()
        case .character(" "), .pageDown, .control("f"): detailScroll += detailPage
        case .character("b"), .pageUp, .control("b"): detailScroll = max(0, detailScroll - detailPage)
        case .character("g"), .home: detailScroll = 0
        case .character("G"), .end: detailScroll = Int.max / 2
        case .character("/"): mode = .filter(LineEditor(filter.text ?? filter.domain ?? ""))
        case .character("?"): mode = .help
        case .control("l"): renderer.invalidate()
        case .control("z"):
            terminal.stopJob()
            renderer.invalidate()
        default: break
        }
        return true
    }

    private var detailPage: Int { max(1, view().detailHeight(for: terminal.size) - 1) }

    private func moveCursor(by delta: Int) {
        guard total > 0 else { return }
        cursor = min(max(0, cursor + delta), total - 1)
        loadPage()
        if let held, let selected = selectedItem, selected.id != held.item.id {
            say("enter opens item \(selected.id) (and releases \(held.item.id))")
        } else {
            say("")
        }
    }

    /// The item under the cursor, when it is on the page shown.
    private var selectedItem: ReviewItem? {
        let index = cursor - pageOffset
        return page.indices.contains(index) ? page[index] : nil
    }

    // MARK: Claims and decisions

    /// Re-counts the open items matching the filters and keeps the selection on the same item.
    private func reload() {
        do {
            seenVersion = try queue.database.dataVersion()
            let selected = selectedItem?.id ?? held?.item.id
            total = try queue.count(filter)
            if let selected, let position = try queue.position(of: selected, in: filter) { cursor = position }
            cursor = min(cursor, max(0, total - 1))
            loadPage()
        } catch {
            say("\(error)", error: true)
        }
    }

    /// Reads the rows the list shows at the cursor: one screenful, whatever the queue's size.
    private func loadPage() {
        let size = terminal.size
        let height = ListDetailView.listHeight(for: size, rowCount: total)
        let top = ListDetailView.firstVisibleRow(selected: cursor, rowCount: total, height: height)
        do {
            page = try queue.items(filter, offset: top, limit: height)
            pageOffset = top
        } catch {
            say("\(error)", error: true)
        }
    }

    /// Opens the next claimable item in list order that was not skipped, or reports an empty queue.
    private func openNext() {
        do {
            if let claim = try queue.claimNext(reviewer: reviewer, lease: leaseDuration, domain: filter.domain,
                                               text: filter.text, excluding: skipped) {
                show(claim)
                return
            }
        } catch {
            say("\(error)", error: true)
        }
        held = nil
        reload()
        say(skipped.isEmpty ? "nothing to review — the queue is empty" : "nothing left but the \(skipped.count) you skipped",
            error: false)
    }

    private func show(_ claim: ReviewQueue.Claim) {
        held = claim
        detailScroll = 0
        reload()
        if let position = try? queue.position(of: claim.item.id, in: filter) {
            cursor = position
            loadPage()
        }
        say("")
    }

    /// Claims item `id` for this reviewer and shows it; false when someone else has it.
    @discardableResult
    private func open(_ id: Int64) -> Bool {
        do {
            show(try queue.claim(itemID: id, reviewer: reviewer, lease: leaseDuration))
            return true
        } catch {
            say("\(error)", error: true)
            return false
        }
    }

    private func openSelected() {
        guard let id = selectedItem?.id else { return }
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
            openNext()
            say("item \(item.id) \(item.status.rawValue)" + (message.isEmpty ? "" : " — \(message)"))
        } catch {
            held = nil
            say("item \(current.item.id) not decided: \(error)", error: true)
            reload()
        }
    }

    /// Sets the held item's domain to a listed one, named or numbered (1 = first); logged.
    private func correctDomain(_ text: String) {
        guard let current = held else { return say("open an item first (enter)", error: true) }
        let chosen = Int(text).flatMap { domains.indices.contains($0 - 1) ? domains[$0 - 1] : nil } ?? (domains.contains(text) ? text : nil)
        guard let chosen else {
            return say("'\(text)' is not one of: " + domains.joined(separator: ", ") + "; domain unchanged", error: true)
        }
        do {
            let lease = try queue.renew(current.lease, for: leaseDuration)
            let item = try queue.correctDomain(lease, to: chosen)
            held?.item = item
            held?.lease = lease
            say("item \(item.id): domain \(current.item.reviewedDomain ?? "(none)") → \(chosen); now approve, reject or edit the answer")
        } catch {
            say("item \(current.item.id): domain not changed: \(error)", error: true)
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
            // Delivered again to the session's own handler: the loop releases what it holds and exits.
            if case ExternalEditorError.interrupted(let signo) = error { raise(signo) }
            return say("\(error)", error: true)
        }
        renderer.invalidate()
        if edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return say("the edited answer is empty; nothing decided", error: true)
        }
        decide(edited == current.item.answer ? .approve : .edit(newAnswer: edited))
    }

    private func skip() {
        guard let current = held else { return openNext() }
        _ = try? queue.release(current.lease)
        held = nil
        skipped.insert(current.item.id)
        openNext()
    }

    /// A known domain filters by domain; anything else searches request and answer text (in SQL).
    private func applyFilter(_ text: String) {
        filter.domain = nil
        filter.text = nil
        if !text.isEmpty {
            if (try? queue.count(ReviewQueue.Filter(domain: text))) ?? 0 > 0 { filter.domain = text } else { filter.text = text }
        }
        cursor = 0
        reload()
        say(text.isEmpty ? "filter cleared" : "\(total) items match '\(text)'")
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
        var shown = ""
        if let domain = filter.domain { shown += "  domain: \(domain)" }
        if let text = filter.text { shown += "  text: \(text)" }
        var view = ListDetailView(
            title: "apiary review — \(reviewer) — \(title) — \(total) open\(shown)",
            rows: page.map { row(for: $0, now: now) },
            rowCount: total,
            firstRow: pageOffset,
            selected: total == 0 ? nil : cursor,
            footer: " j/k move  ⏎ open  a approve  r reject  e edit  d domain  s skip  / filter  ? help  q quit")
        view.status = message
        view.statusStyle = messageStyle
        switch mode {
        case .reason(let editor):
            view.status = "reject item \(held?.item.id ?? 0) — reason: " + prompt(editor) + "   (enter to reject, esc to cancel)"
            view.statusStyle = .bold
        case .domain(let editor):
            let choices = domains.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: "  ")
            view.status = "domain (\(choices)): " + prompt(editor) + "   (enter sets it, esc cancels)"
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
            view.sections = [.init("", total == 0 ? "Nothing to review." : "Select an item with j/k and press enter.")]
            return view
        }
        let item = held.item
        let until = DateFormatter.localizedString(from: held.lease.expiresAt, dateStyle: .none, timeStyle: .medium)
        view.detailTitle = "item \(item.id) · yours until \(until) · generation \(held.lease.generation)"
        var route = item.domain ?? "(no domain)"
        if let corrected = item.correctedDomain { route = "\(corrected) (corrected from \(item.domain ?? "none"))  routed " + route }
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
