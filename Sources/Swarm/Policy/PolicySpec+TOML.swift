import Foundation
import TOML

// Reading a policy from TOML. Loading does not stop at the first problem: every problem is
// collected with its position, so `apiary check` can list them all in one go.

extension PolicySpec {
    /// Reads and validates the policy file at `path`.
    public static func load(contentsOf path: String) throws(PolicyError) -> PolicySpec {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: [UInt8](data), file: path)
        } catch {
            throw .invalid([error])
        }
        var spec = try PolicySpec(table: document.root)
        spec.file = path
        return spec
    }

    /// Reads a policy from TOML text; `file` names it in messages.
    public init(parsing text: String, file: String? = nil) throws(PolicyError) {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text, file: file)
        } catch {
            throw .invalid([error])
        }
        try self.init(table: document.root)
        self.file = file
    }

    /// Reads a policy from a table: a policy file's top level, or a `[policy]` table inside a
    /// swarm file (messages then name keys `policy.pii.action` and so on).
    public init(table: TOMLTable) throws(PolicyError) {
        self.init()
        var reader = PolicyReader()
        reader.checkKeys(of: table, allowed: ["description", "pii", "audit", "review", "answer", "request", "costs"])
        _ = reader.attempt { () throws(TOMLError) in try table.string("description", default: "") }
        if let section = reader.section("pii", in: table) { pii = reader.readPII(section) }
        if let section = reader.section("audit", in: table) { audit = reader.readAudit(section) }
        if let section = reader.section("review", in: table) { review = reader.readReview(section) }
        if let section = reader.section("answer", in: table) { answer = reader.readAnswer(section) }
        if let section = reader.section("request", in: table) { request = reader.readRequest(section) }
        if let section = reader.section("costs", in: table) { costs = reader.readCosts(section) }
        if !reader.problems.isEmpty {
            throw .invalid(reader.problems.sorted { $0.position.offset < $1.position.offset })
        }
    }
}

extension PolicySpec.CostRules {
    /// Reads a `[costs]` table: a policy file's, or a swarm file's own (which then takes precedence).
    public init(table: TOMLTable) throws(PolicyError) {
        var reader = PolicyReader()
        self = reader.readCosts(table)
        if !reader.problems.isEmpty {
            throw .invalid(reader.problems.sorted { $0.position.offset < $1.position.offset })
        }
    }

    /// Each key set here, else the one of `fallback`.
    public func overriding(_ fallback: PolicySpec.CostRules) -> PolicySpec.CostRules {
        PolicySpec.CostRules(inputPerMillion: inputPerMillion ?? fallback.inputPerMillion,
                             outputPerMillion: outputPerMillion ?? fallback.outputPerMillion, watts: watts ?? fallback.watts,
                             hardware: hardware ?? fallback.hardware, electricityPerKWh: electricityPerKWh ?? fallback.electricityPerKWh,
                             currency: currency ?? fallback.currency)
    }
}

/// Collects problems while reading the sections of a policy.
private struct PolicyReader {
    var problems: [TOMLError] = []

    /// Runs `body`, recording its error instead of stopping.
    mutating func attempt<T>(_ body: () throws(TOMLError) -> T) -> T? {
        do {
            return try body()
        } catch {
            problems.append(error)
            return nil
        }
    }

    /// Reports every key of `table` not in `allowed`: a misspelt key would otherwise be
    /// silently ignored and its default used.
    mutating func checkKeys(of table: TOMLTable, allowed: [String]) {
        for entry in table.entries where !allowed.contains(entry.key) {
            problems.append(.invalid(
                "unknown key '\(table.path(of: entry.key))' (expected one of \(allowed.joined(separator: ", ")))",
                at: entry.keyPosition))
        }
    }

    /// The sub-table `key`, or `nil` when absent or not a table (then a problem is recorded).
    mutating func section(_ key: String, in table: TOMLTable) -> TOMLTable? {
        guard table[key] != nil else { return nil }
        return attempt { () throws(TOMLError) in try table.table(key) }
    }

    /// The array at `key`; `nil` when absent or not an array (then a problem is recorded).
    mutating func optionalArray(_ key: String, in table: TOMLTable) -> [TOMLValue]? {
        guard table[key] != nil else { return nil }
        return attempt { () throws(TOMLError) in try table.array(key) }
    }

    /// A string that must be one of `E`'s raw values.
    mutating func choice<E: RawRepresentable & CaseIterable>(
        _ key: String, in table: TOMLTable, default defaultValue: E
    ) -> E where E.RawValue == String {
        guard let value = table[key] else { return defaultValue }
        let names = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = value.string, let choice = E(rawValue: text) else {
            let found = value.string.map { "'\($0)'" } ?? value.typeDescription
            problems.append(value.error("\(table.path(of: key)) must be one of \(names), found \(found)"))
            return defaultValue
        }
        return choice
    }

    /// A number in 0…1.
    mutating func fraction(_ key: String, in table: TOMLTable, default defaultValue: Double) -> Double {
        guard let value = table[key] else { return defaultValue }
        guard let number = value.double, number.isFinite, (0...1).contains(number) else {
            problems.append(value.error("\(table.path(of: key)) must be a number between 0 and 1"))
            return defaultValue
        }
        return number
    }

    /// A positive integer limit; 0 means no limit (`nil`).
    mutating func limit(_ key: String, in table: TOMLTable, default defaultValue: Int?) -> Int? {
        guard let value = table[key] else { return defaultValue }
        guard let number = value.integer, number >= 0, number <= Int64(Int32.max) else {
            problems.append(value.error("\(table.path(of: key)) must be a whole number ≥ 0 (0 means no limit)"))
            return defaultValue
        }
        return number == 0 ? nil : Int(number)
    }

    mutating func readPII(_ table: TOMLTable) -> PolicySpec.PIIRules {
        var rules = PolicySpec.PIIRules()
        checkKeys(of: table, allowed: ["detect", "action", "overrides"])
        let kindNames = PIIKind.allCases.map(\.rawValue).joined(separator: ", ")
        if let detect = optionalArray("detect", in: table) {
            var kinds = Set<PIIKind>()
            for element in detect {
                guard let name = element.string, let kind = PIIKind(rawValue: name) else {
                    problems.append(element.error("\(table.path(of: "detect")) entries must be one of \(kindNames)"))
                    continue
                }
                kinds.insert(kind)
            }
            rules.kinds = kinds
        }
        rules.action = choice("action", in: table, default: .redact)
        if let overrides = section("overrides", in: table) {
            for entry in overrides.entries {
                guard let kind = PIIKind(rawValue: entry.key) else {
                    problems.append(.invalid("unknown PII kind '\(overrides.path(of: entry.key))' (expected one of \(kindNames))",
                                             at: entry.keyPosition))
                    continue
                }
                if table["detect"] != nil && !rules.kinds.contains(kind) {
                    problems.append(.invalid("\(overrides.path(of: entry.key)) has no effect: \(kind) is not in \(table.path(of: "detect"))",
                                             at: entry.keyPosition))
                }
                rules.overrides[kind] = choice(entry.key, in: overrides, default: rules.action)
            }
        }
        return rules
    }

    mutating func readAudit(_ table: TOMLTable) -> PolicySpec.AuditRules {
        checkKeys(of: table, allowed: ["threshold"])
        var rules = PolicySpec.AuditRules()
        rules.threshold = fraction("threshold", in: table, default: rules.threshold ?? 0.5)
        return rules
    }

    mutating func readReview(_ table: TOMLTable) -> PolicySpec.ReviewRules {
        checkKeys(of: table, allowed: ["always", "spot_check_rate", "seed"])
        var rules = PolicySpec.ReviewRules()
        if let always = optionalArray("always", in: table) {
            for element in always {
                guard let name = element.string, !name.isEmpty else {
                    problems.append(element.error("\(table.path(of: "always")) entries must be domain names (non-empty strings)"))
                    continue
                }
                rules.alwaysReview.append(DomainReference(name: name, position: element.position))
            }
        }
        rules.spotCheckRate = spotCheckRate(in: table)
        if let seed = table["seed"] {
            if let number = seed.integer, number >= 0 {
                rules.spotCheckSeed = UInt64(number)
            } else {
                problems.append(seed.error("\(table.path(of: "seed")) must be a whole number ≥ 0"))
            }
        }
        return rules
    }

    /// `spot_check_rate = 0.05` or `spot_check_rate = "5%"`.
    private mutating func spotCheckRate(in table: TOMLTable) -> Double {
        guard let value = table["spot_check_rate"] else { return 0 }
        if let text = value.string {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%"), let percent = Double(trimmed.dropLast()), (0...100).contains(percent) {
                return percent / 100
            }
            problems.append(value.error("\(table.path(of: "spot_check_rate")) must be a number between 0 and 1 or a percentage such as \"5%\""))
            return 0
        }
        return fraction("spot_check_rate", in: table, default: 0)
    }

    mutating func readAnswer(_ table: TOMLTable) -> PolicySpec.AnswerRules {
        checkKeys(of: table, allowed: ["max_chars", "banned_phrases", "banned_patterns", "on_banned", "require_json"])
        var rules = PolicySpec.AnswerRules()
        rules.maxCharacters = limit("max_chars", in: table, default: rules.maxCharacters)
        if let phrases = optionalArray("banned_phrases", in: table) {
            for element in phrases {
                guard let phrase = element.string, !phrase.trimmingCharacters(in: .whitespaces).isEmpty else {
                    problems.append(element.error("\(table.path(of: "banned_phrases")) entries must be non-empty strings"))
                    continue
                }
                rules.bannedPhrases.append(phrase)
            }
        }
        if let patterns = optionalArray("banned_patterns", in: table) {
            for element in patterns {
                guard let pattern = element.string, !pattern.isEmpty else {
                    problems.append(element.error("\(table.path(of: "banned_patterns")) entries must be non-empty strings"))
                    continue
                }
                guard let compiled = BannedPattern(pattern) else {
                    problems.append(element.error("\(table.path(of: "banned_patterns")) entry '\(pattern)' is not a valid regular expression"))
                    continue
                }
                rules.bannedPatterns.append(compiled)
            }
        }
        rules.onBanned = choice("on_banned", in: table, default: .flag)
        rules.requireJSON = attempt { () throws(TOMLError) in try table.bool("require_json", default: true) } ?? true
        return rules
    }

    mutating func readRequest(_ table: TOMLTable) -> PolicySpec.RequestRules {
        checkKeys(of: table, allowed: ["max_chars", "max_bytes", "on_too_large"])
        var rules = PolicySpec.RequestRules()
        rules.maxCharacters = limit("max_chars", in: table, default: rules.maxCharacters)
        rules.maxBytes = limit("max_bytes", in: table, default: rules.maxBytes)
        rules.onTooLarge = choice("on_too_large", in: table, default: .block)
        return rules
    }

    mutating func readCosts(_ table: TOMLTable) -> PolicySpec.CostRules {
        checkKeys(of: table, allowed: ["input_per_million", "output_per_million", "watts", "hardware", "electricity_per_kwh", "currency"])
        var rules = PolicySpec.CostRules()
        rules.inputPerMillion = amount("input_per_million", in: table)
        rules.outputPerMillion = amount("output_per_million", in: table)
        rules.watts = amount("watts", in: table)
        rules.hardware = amount("hardware", in: table)
        rules.electricityPerKWh = amount("electricity_per_kwh", in: table)
        if table["currency"] != nil { rules.currency = attempt { () throws(TOMLError) in try table.string("currency") } }
        return rules
    }

    /// A finite number ≥ 0, or nil when absent (or wrong; then a problem is recorded).
    mutating func amount(_ key: String, in table: TOMLTable) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.double, number.isFinite, number >= 0 else {
            problems.append(value.error("\(table.path(of: key)) must be a number ≥ 0"))
            return nil
        }
        return number
    }
}
