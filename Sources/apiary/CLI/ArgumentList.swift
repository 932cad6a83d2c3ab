/// A command line after the command name, consumed option by option.
///
/// Deliberately small: flags (`--json`), options with a value (`--db FILE` or
/// `--db=FILE`), and positionals. Every command takes what it knows and then
/// calls `finish()`, so an unknown or misspelt option is an error, not ignored.
struct ArgumentList {
    private var items: [String]
    private var consumed: [Bool]

    init(_ items: [String]) {
        self.items = items
        self.consumed = Array(repeating: false, count: items.count)
    }

    /// True when the first argument is `word` (a subcommand such as `batch merge`); consumes it.
    mutating func leadingWord(_ word: String) -> Bool {
        guard let first = items.first, first == word, !consumed[0] else { return false }
        consumed[0] = true
        return true
    }

    /// True when `--name` is present (and consumes it).
    mutating func flag(_ name: String) -> Bool {
        var found = false
        for (i, item) in items.enumerated() where !consumed[i] && item == name && !afterTerminator(i) {
            consumed[i] = true
            found = true
        }
        return found
    }

    /// The value of `--name VALUE` or `--name=VALUE`; the last one wins.
    mutating func option(_ name: String) throws -> String? {
        try options(name).last
    }

    /// Every value of a repeatable option, in order (`--stop A --stop B`).
    mutating func options(_ name: String) throws -> [String] {
        var values: [String] = []
        var i = 0
        while i < items.count {
            defer { i += 1 }
            guard !consumed[i], !afterTerminator(i) else { continue }
            let item = items[i]
            if item == name {
                guard i + 1 < items.count else {
                    throw CLIError.usage("option \(name) expects a value")
                }
                consumed[i] = true
                consumed[i + 1] = true
                values.append(items[i + 1])
                i += 1
            } else if item.hasPrefix(name + "=") {
                consumed[i] = true
                values.append(String(item.dropFirst(name.count + 1)))
            }
        }
        return values
    }

    /// A typed option: `--threads 4`; `what` describes the expected value.
    mutating func option<T: LosslessStringConvertible>(_ name: String, as type: T.Type, expected what: String) throws -> T? {
        guard let text = try option(name) else { return nil }
        guard let value = T(text) else {
            throw CLIError.usage("option \(name) expects \(what), got '\(text)'")
        }
        return value
    }

    /// A typed option that must lie in `range`: `--lease 600`. Checking the range here keeps a
    /// huge or non-finite number from reaching a conversion that would trap.
    mutating func option<T: LosslessStringConvertible & Comparable>(_ name: String, as type: T.Type, in range: ClosedRange<T>,
                                                                    expected what: String) throws -> T? {
        guard let text = try option(name) else { return nil }
        guard let value = T(text), range.contains(value) else {
            throw CLIError.usage("option \(name) expects \(what), got '\(text)'")
        }
        return value
    }

    /// The remaining positionals in order (anything not consumed), consuming them.
    /// A lone `-` is a positional (stdin); `--` ends options.
    mutating func positionals() throws -> [String] {
        var result: [String] = []
        for (i, item) in items.enumerated() where !consumed[i] {
            consumed[i] = true
            if item == "--" && !afterTerminator(i) { continue }
            if item.hasPrefix("-") && item != "-" && !afterTerminator(i) {
                throw CLIError.usage("unknown option '\(item)'")
            }
            result.append(item)
        }
        return result
    }

    /// Throws when anything was left unconsumed.
    func finish() throws {
        for (i, item) in items.enumerated() where !consumed[i] {
            throw CLIError.usage(item.hasPrefix("-") ? "unknown option '\(item)'" : "unexpected argument '\(item)'")
        }
    }

    private func afterTerminator(_ index: Int) -> Bool {
        guard let stop = items.firstIndex(of: "--") else { return false }
        return index > stop
    }
}
