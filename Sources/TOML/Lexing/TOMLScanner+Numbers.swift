// Integers and floats. The scanner takes the longest run of bytes that can appear in a number
// (`0-9 A-Z a-z _ . + -`) and then checks that run against TOML's grammar, so `1__0`, `01`,
// `0X1F`, `1.e5` and `+0x1` are each one token with one precise complaint.

extension TOMLScanner {
    /// An integer or float (including `inf` and `nan`) at the cursor.
    mutating func scanNumber() throws(TOMLError) -> TOMLValue.Kind {
        let start = position
        let begin = offset
        while let byte = peek(), isBareKeyByte(byte) || byte == ASCII.dot || byte == ASCII.plus {
            advance()
        }
        let token = UnsafeBufferPointer(rebasing: bytes[begin..<offset])
        switch NumberSyntax.parse(token) {
        case .success(let kind):
            return kind
        case .failure(let problem):
            throw .invalidValue("invalid number '\(string(begin..<offset))': \(problem.reason)", at: start)
        }
    }
}

/// TOML's number grammar over one token's bytes.
enum NumberSyntax {
    struct Problem: Error {
        var reason: String
    }

    static func parse(_ token: UnsafeBufferPointer<UInt8>) -> Result<TOMLValue.Kind, Problem> {
        var index = 0
        var negative = false
        var signed = false
        if let first = token.first, first == ASCII.plus || first == ASCII.minus {
            signed = true
            negative = first == ASCII.minus
            index = 1
        }
        let body = UnsafeBufferPointer(rebasing: token[index...])
        if equals(body, "inf") { return .success(.float(negative ? -.infinity : .infinity)) }
        if equals(body, "nan") { return .success(.float(.nan)) }
        guard let lead = body.first else { return .failure(Problem(reason: "a sign needs digits after it")) }
        guard ASCII.isDigit(lead) else {
            return .failure(Problem(reason: "a number must start with a digit, a sign, 'inf' or 'nan'"))
        }

        if body.count >= 2 && lead == UInt8(ascii: "0") {
            let radix: UInt64?
            switch body[1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            case UInt8(ascii: "X"), UInt8(ascii: "O"), UInt8(ascii: "B"):
                return .failure(Problem(reason: "the prefixes 0x, 0o and 0b must be lower case"))
            default: radix = nil
            }
            if let radix {
                if signed {
                    return .failure(Problem(reason: "hexadecimal, octal and binary integers cannot have a sign"))
                }
                return prefixedInteger(UnsafeBufferPointer(rebasing: body[2...]), radix: radix)
            }
        }

        if body.contains(where: { $0 == ASCII.dot || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            return float(token, body: body)
        }
        return decimalInteger(body, negative: negative)
    }

    /// Decimal integer: no leading zeros, `_` only between digits, within Int64.
    private static func decimalInteger(_ digits: UnsafeBufferPointer<UInt8>, negative: Bool)
        -> Result<TOMLValue.Kind, Problem>
    {
        if let problem = checkDigitRun(digits, isDigit: ASCII.isDigit, digitName: "decimal", part: "integer") {
            return .failure(problem)
        }
        if digits.count > 1 && digits[0] == UInt8(ascii: "0") {
            return .failure(Problem(reason: "leading zeros are not allowed"))
        }
        // Accumulate the magnitude in UInt64 so that -9223372036854775808 fits.
        var magnitude: UInt64 = 0
        for byte in digits where byte != ASCII.underscore {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else { return .failure(outOfRange) }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .failure(outOfRange) }
            return .success(.integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)))
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(outOfRange) }
        return .success(.integer(Int64(magnitude)))
    }

    /// The digits after `0x`, `0o` or `0b`.
    private static func prefixedInteger(_ digits: UnsafeBufferPointer<UInt8>, radix: UInt64)
        -> Result<TOMLValue.Kind, Problem>
    {
        let isDigit: (UInt8) -> Bool
        let name: String
        switch radix {
        case 16: isDigit = ASCII.isHexDigit; name = "hexadecimal"
        case 8: isDigit = { $0 &- UInt8(ascii: "0") < 8 }; name = "octal"
        default: isDigit = { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }; name = "binary"
        }
        if let problem = checkDigitRun(digits, isDigit: isDigit, digitName: name, part: "\(name) integer") {
            return .failure(problem)
        }
        var value: UInt64 = 0
        for byte in digits where byte != ASCII.underscore {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(ASCII.hexValue(byte)))
            guard !overflow1 && !overflow2, sum <= UInt64(Int64.max) else { return .failure(outOfRange) }
            value = sum
        }
        return .success(.integer(Int64(value)))
    }

    /// `int [. digits] [e|E [sign] digits]` with at least a fraction or an exponent.
    private static func float(_ token: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>)
        -> Result<TOMLValue.Kind, Problem>
    {
        func isExponentMark(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") }
        let integerEnd = body.firstIndex { $0 == ASCII.dot || isExponentMark($0) } ?? body.count
        let integerPart = UnsafeBufferPointer(rebasing: body[..<integerEnd])
        if let problem = checkDigitRun(integerPart, isDigit: ASCII.isDigit, digitName: "decimal", part: "integer part") {
            return .failure(problem)
        }
        if integerPart.count > 1 && integerPart[0] == UInt8(ascii: "0") {
            return .failure(Problem(reason: "leading zeros are not allowed"))
        }
        var index = integerEnd
        if index < body.count && body[index] == ASCII.dot {
            let fractionStart = index + 1
            let fractionEnd = body[fractionStart...].firstIndex(where: isExponentMark) ?? body.count
            let fraction = UnsafeBufferPointer(rebasing: body[fractionStart..<fractionEnd])
            if let problem = checkDigitRun(fraction, isDigit: ASCII.isDigit, digitName: "decimal", part: "fraction") {
                return .failure(problem)
            }
            index = fractionEnd
        }
        if index < body.count {  // at 'e' or 'E'
            var exponentStart = index + 1
            if exponentStart < body.count && (body[exponentStart] == ASCII.plus || body[exponentStart] == ASCII.minus) {
                exponentStart += 1
            }
            let exponent = UnsafeBufferPointer(rebasing: body[exponentStart...])
            if let problem = checkDigitRun(exponent, isDigit: ASCII.isDigit, digitName: "decimal", part: "exponent") {
                return .failure(problem)
            }
        }
        // The grammar is checked; strtod-quality conversion is the standard library's.
        var text = ""
        text.reserveCapacity(token.count)
        for byte in token where byte != ASCII.underscore {
            text.unicodeScalars.append(Unicode.Scalar(byte))
        }
        guard let value = Double(text) else {
            return .failure(Problem(reason: "not a valid float"))
        }
        guard value.isFinite else {
            return .failure(Problem(reason: "too large for a 64-bit float (write inf for infinity)"))
        }
        return .success(.float(value))
    }

    /// Checks digits with optional single underscores between them.
    private static func checkDigitRun(
        _ run: UnsafeBufferPointer<UInt8>, isDigit: (UInt8) -> Bool, digitName: String, part: String
    ) -> Problem? {
        guard !run.isEmpty else { return Problem(reason: "the \(part) has no digits") }
        var previousWasDigit = false
        for byte in run {
            if byte == ASCII.underscore {
                guard previousWasDigit else { return Problem(reason: "'_' must be between two digits") }
                previousWasDigit = false
            } else if isDigit(byte) {
                previousWasDigit = true
            } else {
                return Problem(reason: "'\(Character(Unicode.Scalar(byte)))' is not a \(digitName) digit")
            }
        }
        return previousWasDigit ? nil : Problem(reason: "'_' must be between two digits")
    }

    private static let outOfRange = Problem(
        reason: "out of range for a 64-bit integer (-9223372036854775808 to 9223372036854775807)")

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
