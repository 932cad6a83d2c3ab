import Foundation

/// Functions every template can call: jinja2's `range`, `namespace`, `dict`, and
/// Hugging Face's `raise_exception` and `strftime_now`.
enum JinjaGlobals {
    static func function(named name: String) -> JinjaValue? {
        switch name {
        case "range":
            return .callable(JinjaCallable(name: name) { arguments, location throws(TemplateError) in
                let numbers = arguments.positional.compactMap(\.integer)
                guard numbers.count == arguments.positional.count, (1...3).contains(numbers.count) else {
                    throw .runtime("range() takes 1 to 3 integers", at: location)
                }
                let start = numbers.count > 1 ? numbers[0] : 0
                let stop = numbers.count > 1 ? numbers[1] : numbers[0]
                let step = numbers.count > 2 ? numbers[2] : 1
                guard step != 0 else { throw .runtime("range() step must not be zero", at: location) }
                guard (stop - start) / step <= 1_000_000 else { throw .runtime("range() is too long", at: location) }
                return .list(Swift.stride(from: start, to: stop, by: step).map { .int($0) })
            })
        case "namespace":
            return .callable(JinjaCallable(name: name) { arguments, _ in
                let namespace = JinjaNamespace()
                if case .dict(let initial)? = arguments.positional.first {
                    for (key, value) in initial.items { namespace.attributes[key] = value }
                }
                for (key, value) in arguments.keyword { namespace.attributes[key] = value }
                return .namespace(namespace)
            })
        case "dict":
            return .callable(JinjaCallable(name: name) { arguments, _ in
                var dict = JinjaDict()
                if case .dict(let initial)? = arguments.positional.first {
                    for (key, value) in initial.items { dict[key] = value }
                }
                for (key, value) in arguments.keyword { dict[key] = value }
                return .dict(dict)
            })
        case "raise_exception":
            return .callable(JinjaCallable(name: name) { arguments, location throws(TemplateError) in
                throw .raised(arguments.positional.first?.text ?? "", at: location)
            })
        case "strftime_now":
            return .callable(JinjaCallable(name: name) { arguments, location throws(TemplateError) in
                guard case .string(let format)? = arguments.positional.first else {
                    throw .runtime("strftime_now() needs a format string", at: location)
                }
                var now = time(nil)
                var parts = tm()
                localtime_r(&now, &parts)
                var buffer = [Int8](repeating: 0, count: 256)
                let count = strftime(&buffer, buffer.count, format, &parts)
                return .string(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            })
        default:
            return nil
        }
    }
}
