/// jinja2's filters as chat templates use them (`value | name(arguments)`).
enum JinjaFilters {
    static func apply(_ name: String, to value: JinjaValue, _ arguments: JinjaCallArguments, at location: SourceLocation, renderer: JinjaRenderer) throws(TemplateError) -> JinjaValue {
        func string(_ value: JinjaValue) throws(TemplateError) -> String {
            if case .string(let s) = value { return s }
            return value.text
        }
        func items(_ value: JinjaValue) throws(TemplateError) -> [JinjaValue] {
            guard let items = value.iterationItems else { throw .runtime("filter '\(name)' needs an iterable, got \(value.typeName)", at: location) }
            return items
        }
        switch name {
        case "safe":
            return value
        case "string":
            return .string(value.text)
        case "trim":
            let characters: String?
            if case .string(let c)? = arguments.value(0, "chars") { characters = c } else { characters = nil }
            return .string(JinjaStrings.strip(try string(value), characters: characters, leading: true, trailing: true))
        case "upper": return .string(try string(value).uppercased())
        case "lower": return .string(try string(value).lowercased())
        case "title": return .string(JinjaStrings.jinjaTitle(try string(value)))
        case "capitalize": return .string(JinjaStrings.capitalize(try string(value)))
        case "replace":
            guard let old = arguments.value(0, "old"), let new = arguments.value(1, "new") else {
                throw .runtime("filter 'replace' needs two arguments", at: location)
            }
            let count = arguments.value(2, "count")?.integer ?? -1
            return .string(JinjaStrings.replace(try string(value), old.text, new.text, count: count))
        case "length", "count":
            guard let length = value.length else { throw .runtime("object of type '\(value.typeName)' has no len()", at: location) }
            return .int(length)
        case "default", "d":
            let fallback = arguments.value(0, "default_value") ?? .string("")
            let boolean = arguments.value(1, "boolean")?.isTruthy ?? false
            if value.isUndefined || (boolean && !value.isTruthy) { return fallback }
            return value
        case "join":
            let separator = arguments.value(0, "d")?.text ?? ""
            var parts = try items(value)
            if let attribute = arguments.value(1, "attribute") {
                var mapped: [JinjaValue] = []
                for part in parts { mapped.append(try lookupPath(attribute, in: part, at: location)) }
                parts = mapped
            }
            return .string(parts.map(\.text).joined(separator: separator))
        case "first":
            return try items(value).first ?? .undefined("first")
        case "last":
            return try items(value).last ?? .undefined("last")
        case "reverse":
            if case .string(let s) = value { return .string(String(s.unicodeScalars.reversed().map(Character.init))) }
            return .list(try items(value).reversed())
        case "list":
            return .list(try items(value))
        case "items":
            switch value {
            case .dict(let dict): return .list(dict.items.map { .list([.string($0.0), $0.1]) })
            case .undefined: return .list([])
            default: throw .runtime("filter 'items' needs a mapping, got \(value.typeName)", at: location)
            }
        case "dictsort":
            guard case .dict(let dict) = value else { throw .runtime("filter 'dictsort' needs a mapping, got \(value.typeName)", at: location) }
            let caseSensitive = arguments.value(0, "case_sensitive")?.isTruthy ?? false
            let byValue = arguments.value(1, "by")?.text == "value"
            let reverse = arguments.value(2, "reverse")?.isTruthy ?? false
            func key(_ pair: (String, JinjaValue)) -> JinjaValue {
                let k = byValue ? pair.1 : .string(pair.0)
                if !caseSensitive, case .string(let s) = k { return .string(s.lowercased()) }
                return k
            }
            var failed = false
            let sorted = dict.items.sorted { a, b in
                guard let order = JinjaValue.compare(key(a), key(b)) else { failed = true; return false }
                return reverse ? order > 0 : order < 0
            }
            if failed { throw .runtime("filter 'dictsort' cannot compare these values", at: location) }
            return .list(sorted.map { .list([.string($0.0), $0.1]) })
        case "unique":
            var seen: [JinjaValue] = []
            for item in try items(value) where !seen.contains(where: { JinjaValue.equal($0, item) }) { seen.append(item) }
            return .list(seen)
        case "tojson":
            // Hugging Face's signature: tojson(ensure_ascii=False, indent=None, separators=None, sort_keys=False).
            var options = JinjaJSON.Options()
            options.ensureASCII = arguments.value(0, "ensure_ascii")?.isTruthy ?? false
            if let indent = arguments.value(1, "indent"), !isNone(indent) {
                if let width = indent.integer { options.indent = String(repeating: " ", count: max(0, width)) }
                else { options.indent = indent.text }
                options.itemSeparator = ","
            }
            if case .list(let separators)? = arguments.value(2, "separators"), separators.count == 2 {
                options.itemSeparator = separators[0].text
                options.keySeparator = separators[1].text
            }
            options.sortKeys = arguments.value(3, "sort_keys")?.isTruthy ?? false
            return .string(try JinjaJSON.encode(value, options, at: location))
        case "int":
            let fallback = arguments.value(0, "default") ?? .int(0)
            switch value {
            case .int: return value
            case .bool(let b): return .int(b ? 1 : 0)
            case .double(let d): return d.isFinite ? .int(Int(d)) : fallback
            case .string(let s):
                let trimmed = JinjaStrings.strip(s, characters: nil, leading: true, trailing: true).replacingOccurrences(of: "_", with: "")
                if let i = Int(trimmed) { return .int(i) }
                if let d = Double(trimmed), d.isFinite { return .int(Int(d)) }
                return fallback
            default: return fallback
            }
        case "float":
            let fallback = arguments.value(0, "default") ?? .double(0)
            if let n = value.number { return .double(n) }
            if case .string(let s) = value, let d = Double(JinjaStrings.strip(s, characters: nil, leading: true, trailing: true)) { return .double(d) }
            return fallback
        case "abs":
            switch value {
            case .int(let i): return .int(abs(i))
            case .double(let d): return .double(abs(d))
            default: throw .runtime("bad operand type for abs(): '\(value.typeName)'", at: location)
            }
        case "round":
            guard let n = value.number else { throw .runtime("filter 'round' needs a number", at: location) }
            let precision = arguments.value(0, "precision")?.integer ?? 0
            let scale = pow(10.0, Double(precision))
            switch arguments.value(1, "method")?.text ?? "common" {
            case "ceil": return .double((n * scale).rounded(.up) / scale)
            case "floor": return .double((n * scale).rounded(.down) / scale)
            default: return .double((n * scale).rounded(.toNearestOrAwayFromZero) / scale)
            }
        case "sum":
            var total: JinjaValue = arguments.value(1, "start") ?? .int(0)
            for item in try items(value) {
                let term = try arguments.value(0, "attribute").map { a throws(TemplateError) in try lookupPath(a, in: item, at: location) } ?? item
                total = try JinjaOperators.apply("+", total, term, at: location)
            }
            return total
        case "min", "max":
            let list = try items(value)
            guard var best = list.first else { return .undefined(name) }
            for item in list.dropFirst() {
                guard let order = JinjaValue.compare(item, best) else { throw .runtime("cannot compare \(item.typeName) and \(best.typeName)", at: location) }
                if (name == "min" && order < 0) || (name == "max" && order > 0) { best = item }
            }
            return best
        case "sort":
            let reverse = arguments.value(0, "reverse")?.isTruthy ?? false
            let attribute = arguments.value(2, "attribute")
            var keyed: [(JinjaValue, JinjaValue)] = []
            for item in try items(value) {
                keyed.append((try attribute.map { a throws(TemplateError) in try lookupPath(a, in: item, at: location) } ?? item, item))
            }
            var failed = false
            keyed.sort { l, r in
                guard let order = JinjaValue.compare(l.0, r.0) else { failed = true; return false }
                return reverse ? order > 0 : order < 0
            }
            if failed { throw .runtime("filter 'sort' cannot compare these values", at: location) }
            return .list(keyed.map(\.1))
        case "map":
            var result: [JinjaValue] = []
            if let attribute = arguments.keywordValue("attribute") {
                let fallback = arguments.keywordValue("default")
                for item in try items(value) {
                    let found = try lookupPath(attribute, in: item, at: location)
                    result.append(found.isUndefined ? (fallback ?? found) : found)
                }
            } else if case .string(let filter)? = arguments.positional.first {
                let rest = JinjaCallArguments(positional: Array(arguments.positional.dropFirst()), keyword: arguments.keyword)
                for item in try items(value) { result.append(try apply(filter, to: item, rest, at: location, renderer: renderer)) }
            } else {
                throw .runtime("filter 'map' needs attribute= or a filter name", at: location)
            }
            return .list(result)
        case "select", "reject", "selectattr", "rejectattr":
            let byAttribute = name.hasSuffix("attr")
            let keep = name.hasPrefix("select")
            var positional = arguments.positional[...]
            var attribute: JinjaValue? = nil
            if byAttribute {
                guard let first = positional.first else { throw .runtime("filter '\(name)' needs an attribute name", at: location) }
                attribute = first
                positional = positional.dropFirst()
            }
            let testName = positional.first?.text
            let testArguments = JinjaCallArguments(positional: Array(positional.dropFirst()), keyword: [])
            var result: [JinjaValue] = []
            for item in try items(value) {
                let subject = try attribute.map { a throws(TemplateError) in try lookupPath(a, in: item, at: location) } ?? item
                let passed = try testName.map { t throws(TemplateError) in try JinjaTests.apply(t, to: subject, testArguments, at: location) } ?? subject.isTruthy
                if passed == keep { result.append(item) }
            }
            return .list(result)
        case "indent":
            let width = arguments.value(0, "width") ?? .int(4)
            let indentation: String
            if case .string(let s) = width { indentation = s } else { indentation = String(repeating: " ", count: max(0, width.integer ?? 4)) }
            let first = arguments.value(1, "first")?.isTruthy ?? false
            let blank = arguments.value(2, "blank")?.isTruthy ?? false
            let lines = JinjaFilters.lines(try string(value) + "\n")
            var result: String
            if blank {
                result = lines.joined(separator: "\n" + indentation)
            } else {
                result = lines.first ?? ""
                let rest = lines.dropFirst()
                if !rest.isEmpty {
                    result += "\n" + rest.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
                }
            }
            return .string(first ? indentation + result : result)
        case "escape", "e":
            var out = ""
            for scalar in try string(value).unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&#34;"
                case "'": out += "&#39;"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return .string(out)
        case "wordcount":
            return .int(JinjaStrings.split(try string(value), separator: nil, maxSplit: -1).count)
        default:
            throw .runtime("unknown filter '\(name)'", at: location)
        }
    }

    /// `attribute='a.b'` or an integer index, as jinja2's attribute getters resolve them.
    static func lookupPath(_ path: JinjaValue, in value: JinjaValue, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        if let i = path.integer { return try JinjaMembers.item(.int(i), of: value, at: location) }
        var current = value
        for part in path.text.split(separator: ".") {
            if current.isUndefined { return current }
            if let i = Int(part) {
                current = try JinjaMembers.item(.int(i), of: current, at: location)
            } else {
                current = try JinjaMembers.item(.string(String(part)), of: current, at: location)
            }
        }
        return current
    }

    /// Python `str.splitlines()` for \n, \r\n and \r.
    static func lines(_ s: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for scalar in s.unicodeScalars {
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    private static func isNone(_ value: JinjaValue) -> Bool {
        if case .none = value { return true }
        return false
    }
}

import Foundation
