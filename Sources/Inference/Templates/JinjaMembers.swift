/// Attribute access, subscripts, slices, and the methods of strings and dicts
/// that chat templates call (`content.strip()`, `message.get('x')`, `d.items()`).
///
/// Like Hugging Face's immutable sandbox, nothing here mutates a list or dict.
enum JinjaMembers {
    /// `object.name`: a dict's methods win over its keys, as in jinja2's getattr-first lookup.
    static func attribute(_ name: String, of object: JinjaValue, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        switch object {
        case .undefined(let n):
            throw .undefined(n, at: location)
        case .dict(let dict):
            if let method = dictMethod(name, dict) { return .callable(method) }
            return dict[name] ?? .undefined(name)
        case .namespace(let namespace):
            return namespace.attributes[name] ?? .undefined(name)
        case .string(let s):
            if let method = stringMethod(name, s) { return .callable(method) }
            return .undefined(name)
        default:
            return .undefined(name)
        }
    }

    /// `object[index]`: missing keys and out-of-range indices give undefined, as in jinja2.
    static func item(_ index: JinjaValue, of object: JinjaValue, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        switch object {
        case .undefined(let n):
            throw .undefined(n, at: location)
        case .dict(let dict):
            guard case .string(let key) = index else { return .undefined("[\(index.repr)]") }
            return dict[key] ?? .undefined(key)
        case .namespace(let namespace):
            guard case .string(let key) = index else { return .undefined("[\(index.repr)]") }
            return namespace.attributes[key] ?? .undefined(key)
        case .list(let items):
            guard let i = index.integer else { throw .runtime("list indices must be integers, not \(index.typeName)", at: location) }
            let position = i < 0 ? items.count + i : i
            return items.indices.contains(position) ? items[position] : .undefined("[\(i)]")
        case .string(let s):
            guard let i = index.integer else {
                if case .string(let name) = index, let method = stringMethod(name, s) { return .callable(method) }
                throw .runtime("string indices must be integers, not \(index.typeName)", at: location)
            }
            let scalars = JinjaStrings.scalars(s)
            let position = i < 0 ? scalars.count + i : i
            return scalars.indices.contains(position) ? .string(String(scalars[position])) : .undefined("[\(i)]")
        default:
            throw .runtime("'\(object.typeName)' object is not subscriptable", at: location)
        }
    }

    /// Python slicing `object[start:stop:step]` of lists and strings.
    static func slice(_ object: JinjaValue, start: JinjaValue?, stop: JinjaValue?, step: JinjaValue?, at location: SourceLocation) throws(TemplateError) -> JinjaValue {
        func bound(_ value: JinjaValue?) throws(TemplateError) -> Int? {
            guard let value, !(value.isUndefined), !(isNone(value)) else { return nil }
            guard let i = value.integer else { throw .runtime("slice indices must be integers", at: location) }
            return i
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw .runtime("slice step cannot be zero", at: location) }
        func indices(count: Int) throws(TemplateError) -> [Int] {
            func clamp(_ i: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
                guard var i else { return defaultValue }
                if i < 0 { i += count }
                return min(max(i, low), high)
            }
            var result: [Int] = []
            if stepValue > 0 {
                var i = clamp(try bound(start), 0, low: 0, high: count)
                let end = clamp(try bound(stop), count, low: 0, high: count)
                while i < end { result.append(i); i += stepValue }
            } else {
                var i = clamp(try bound(start), count - 1, low: -1, high: count - 1)
                let end = clamp(try bound(stop), -1, low: -1, high: count - 1)
                while i > end { result.append(i); i += stepValue }
            }
            return result
        }
        switch object {
        case .list(let items):
            return .list(try indices(count: items.count).map { items[$0] })
        case .string(let s):
            let scalars = JinjaStrings.scalars(s)
            return .string(JinjaStrings.string(try indices(count: scalars.count).map { scalars[$0] }))
        case .undefined(let n):
            throw .undefined(n, at: location)
        default:
            throw .runtime("'\(object.typeName)' object cannot be sliced", at: location)
        }
    }

    private static func isNone(_ value: JinjaValue) -> Bool {
        if case .none = value { return true }
        return false
    }

    // MARK: - Methods

    private static func dictMethod(_ name: String, _ dict: JinjaDict) -> JinjaCallable? {
        switch name {
        case "items":
            return JinjaCallable(name: name) { _, _ in .list(dict.items.map { .list([.string($0.0), $0.1]) }) }
        case "keys":
            return JinjaCallable(name: name) { _, _ in .list(dict.keys.map { .string($0) }) }
        case "values":
            return JinjaCallable(name: name) { _, _ in .list(dict.items.map { $0.1 }) }
        case "get":
            return JinjaCallable(name: name) { arguments, location throws(TemplateError) in
                guard let key = arguments.value(0, "key") else { throw .runtime("get() needs a key", at: location) }
                guard case .string(let k) = key, let value = dict[k] else { return arguments.value(1, "default") ?? .none }
                return value
            }
        default:
            return nil
        }
    }

    private static func stringMethod(_ name: String, _ s: String) -> JinjaCallable? {
        func method(_ body: @escaping (JinjaCallArguments, SourceLocation) throws(TemplateError) -> JinjaValue) -> JinjaCallable {
            JinjaCallable(name: name, body: body)
        }
        func optionalString(_ value: JinjaValue?) -> String? {
            if case .string(let text)? = value { return text }
            return nil
        }
        switch name {
        case "strip", "lstrip", "rstrip":
            return method { arguments, _ in
                .string(JinjaStrings.strip(s, characters: optionalString(arguments.value(0, "chars")),
                                           leading: name != "rstrip", trailing: name != "lstrip"))
            }
        case "upper": return method { _, _ in .string(s.uppercased()) }
        case "lower": return method { _, _ in .string(s.lowercased()) }
        case "title": return method { _, _ in .string(JinjaStrings.pythonTitle(s)) }
        case "capitalize": return method { _, _ in .string(JinjaStrings.capitalize(s)) }
        case "startswith", "endswith":
            return method { arguments, location throws(TemplateError) in
                guard let affix = arguments.value(0, "prefix") else { throw .runtime("\(name)() needs an argument", at: location) }
                let candidates: [JinjaValue]
                if case .list(let items) = affix { candidates = items } else { candidates = [affix] }
                for candidate in candidates {
                    guard case .string(let text) = candidate else {
                        throw .runtime("\(name)() argument must be str or a tuple of str, not \(candidate.typeName)", at: location)
                    }
                    if name == "startswith" ? JinjaStrings.hasPrefix(s, text) : JinjaStrings.hasSuffix(s, text) { return .bool(true) }
                }
                return .bool(false)
            }
        case "split":
            return method { arguments, _ in
                let separator = optionalString(arguments.value(0, "sep"))
                let maxSplit = arguments.value(1, "maxsplit")?.integer ?? -1
                return .list(JinjaStrings.split(s, separator: separator, maxSplit: maxSplit).map { .string($0) })
            }
        case "replace":
            return method { arguments, location throws(TemplateError) in
                guard case .string(let old)? = arguments.value(0, "old"), case .string(let new)? = arguments.value(1, "new") else {
                    throw .runtime("replace() needs two strings", at: location)
                }
                return .string(JinjaStrings.replace(s, old, new, count: arguments.value(2, "count")?.integer ?? -1))
            }
        case "find":
            return method { arguments, location throws(TemplateError) in
                guard case .string(let needle)? = arguments.value(0, "sub") else { throw .runtime("find() needs a string", at: location) }
                return .int(JinjaStrings.find(needle, in: s) ?? -1)
            }
        case "count":
            return method { arguments, location throws(TemplateError) in
                guard case .string(let needle)? = arguments.value(0, "sub"), !needle.isEmpty else { throw .runtime("count() needs a string", at: location) }
                return .int(JinjaStrings.split(s, separator: needle, maxSplit: -1).count - 1)
            }
        case "join":
            return method { arguments, location throws(TemplateError) in
                guard let items = arguments.value(0, "iterable")?.iterationItems else { throw .runtime("join() needs an iterable", at: location) }
                return .string(items.map(\.text).joined(separator: s))
            }
        case "splitlines":
            return method { _, _ in .list(JinjaFilters.lines(s).map { .string($0) }) }
        case "isdigit": return method { _, _ in .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal || $0.properties.numericType == .digit }) }
        case "isalpha": return method { _, _ in .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }) }
        case "isspace": return method { _, _ in .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isWhitespace }) }
        default:
            return nil
        }
    }
}
