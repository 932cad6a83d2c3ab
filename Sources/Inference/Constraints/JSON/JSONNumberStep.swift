import Foundation

/// Numbers: JSON's grammar, digit counts bounded so a number always ends, and
/// bounds enforced on every prefix — a digit is accepted only if some number
/// starting with the digits so far lies within the bounds.
extension JSONAutomaton {
    /// Integer digits the integer grammar allows (fits Int64).
    static let integerDigits: UInt8 = 18
    /// Significant digits of a bounded number, exact in a Double.
    static let boundedDigits: UInt8 = 15
    /// Significant digits of an unbounded number.
    static let numberDigits: UInt8 = 17
    /// Exponent digits (e±99 stays far inside Double's range).
    static let exponentDigits: UInt8 = 2

    /// States: 0 fresh, 1 after '-', 2 after a leading 0, 3 in integer digits, 4 after '.',
    /// 5 in fraction digits, 6 after 'e', 7 after the exponent's sign, 8 in exponent digits.
    /// Integers take no fraction or exponent; bounded numbers take no exponent.
    func stepNumber(_ frame: inout Frame, _ byte: UInt8) -> Outcome {
        let node = nodes[Int(frame.node)]
        let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        let digit = Int64(byte) - Int64(UInt8(ascii: "0"))
        let limit = node.integer ? Self.integerDigits : node.bounds.isUnbounded ? Self.numberDigits : Self.boundedDigits
        let exponentAllowed = !node.integer && node.bounds.isUnbounded
        var next = frame
        switch (frame.state, byte) {
        case (0, UInt8(ascii: "-")):
            next.negative = true
            next.state = 1
        case (0, _) where isDigit, (1, _) where isDigit:
            // "-0" is a float's negative zero; integers do without it.
            if digit == 0, frame.negative, node.integer { return .rejected }
            next.state = digit == 0 ? 2 : 3
            next.magnitude = digit
            next.digits = 1
        case (3, _) where isDigit:
            guard frame.digits < limit else { return .rejected }
            next.magnitude = frame.magnitude * 10 + digit
            next.digits += 1
        case (2, UInt8(ascii: ".")), (3, UInt8(ascii: ".")):
            guard !node.integer else { return numberCanEnd(frame, node) ? .endedBefore : .rejected }
            next.state = 4
        case (4, _) where isDigit, (5, _) where isDigit:
            guard frame.digits + frame.fractionDigits < limit else { return .rejected }
            next.magnitude = frame.magnitude * 10 + digit
            next.fractionDigits += 1
            next.state = 5
        case (2, UInt8(ascii: "e")), (2, UInt8(ascii: "E")), (3, UInt8(ascii: "e")), (3, UInt8(ascii: "E")),
             (5, UInt8(ascii: "e")), (5, UInt8(ascii: "E")):
            guard exponentAllowed else { return numberCanEnd(frame, node) ? .endedBefore : .rejected }
            next.state = 6
        case (6, UInt8(ascii: "+")), (6, UInt8(ascii: "-")):
            next.state = 7
        case (6, _) where isDigit, (7, _) where isDigit:
            next.state = 8
            next.exponentDigits = 1
        case (8, _) where isDigit:
            guard frame.exponentDigits < Self.exponentDigits else { return .rejected }
            next.exponentDigits += 1
        default:
            return numberCanEnd(frame, node) ? .endedBefore : .rejected
        }
        guard numberReachable(next, node) else { return .rejected }
        frame = next
        return .accepted
    }

    /// Whether the number read so far is complete and within bounds.
    func numberCanEnd(_ frame: Frame, _ node: Node) -> Bool {
        guard [2, 3, 5, 8].contains(frame.state) else { return false }
        if node.integer {
            let value = frame.negative ? -frame.magnitude : frame.magnitude
            return value >= node.integers.lower && value <= node.integers.upper
        }
        if node.bounds.isUnbounded { return true }
        // One division of exact integers: the correctly rounded value a JSON parser gets.
        let value = Double(frame.magnitude) / Self.powerOfTen(Int(frame.fractionDigits))
        return node.bounds.contains(frame.negative ? -value : value)
    }

    /// Whether some number starting with what `frame` has read lies within the bounds.
    func numberReachable(_ frame: Frame, _ node: Node) -> Bool {
        if node.integer { return integerReachable(frame, node.integers) }
        if node.bounds.isUnbounded { return true }
        // Magnitudes reachable from here, as half-open intervals [low, high).
        let m = Double(frame.magnitude)
        var intervals: [(Double, Double)] = []
        switch frame.state {
        case 1:
            // A '-' must lead to a value below zero ("-0" would only spell 0 oddly).
            return node.bounds.intersects(low: -Self.powerOfTen(Int(Self.boundedDigits)), lowClosed: false, high: 0, highClosed: false)
        case 2: intervals = [(0, 1)]
        case 3:
            // More integer digits multiply by ten; a fraction stays below the next integer.
            for k in 0 ... Int(Self.boundedDigits - frame.digits) {
                let scale = Self.powerOfTen(k)
                intervals.append((m * scale, (m + 1) * scale))
            }
        case 4: intervals = [(m, m + 1)]
        default:
            let scale = Self.powerOfTen(Int(frame.fractionDigits))
            intervals = [(m / scale, (m + 1) / scale)]
        }
        return intervals.contains { low, high in
            frame.negative
                ? node.bounds.intersects(low: -high, lowClosed: false, high: -low, highClosed: true)
                : node.bounds.intersects(low: low, lowClosed: true, high: high, highClosed: false)
        }
    }

    /// Integers: magnitude prefix m of d digits reaches [m·10^k, (m+1)·10^k − 1] for each k.
    func integerReachable(_ frame: Frame, _ range: IntegerRange) -> Bool {
        // The magnitudes allowed for this sign.
        let low = frame.negative ? max(-range.upper, 1) : max(range.lower, 0)
        let high = frame.negative ? -range.lower : range.upper
        guard low <= high else { return false }
        switch frame.state {
        case 1: return true
        case 2: return low == 0
        default:
            var scale: Int64 = 1
            for _ in 0 ... Int(Self.integerDigits - frame.digits) {
                let first = frame.magnitude * scale, last = (frame.magnitude + 1) * scale - 1
                if first > high { return false }
                if last >= low { return true }
                scale *= 10
            }
            return false
        }
    }

    static func powerOfTen(_ exponent: Int) -> Double { pow(10, Double(exponent)) }
}

extension JSONSchema.NumberBounds {
    /// Whether some number in the interval from `low` to `high` satisfies the bounds.
    func intersects(low: Double, lowClosed: Bool, high: Double, highClosed: Bool) -> Bool {
        var low = low, lowClosed = lowClosed, high = high, highClosed = highClosed
        if let minimum, minimum > low || (minimum == low && exclusiveMinimum) {
            low = minimum
            lowClosed = !exclusiveMinimum
        }
        if let maximum, maximum < high || (maximum == high && exclusiveMaximum) {
            high = maximum
            highClosed = !exclusiveMaximum
        }
        return low < high || (low == high && lowClosed && highClosed)
    }
}
