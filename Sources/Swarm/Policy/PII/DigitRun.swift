// Phone numbers, card numbers, SSNs and IPv4 addresses are all groups of digits joined by
// separators, so they share one tokenizer. The word-boundary rules for all four live here:
//
// * A run starts at a digit, `+digit` or `(digit` that is not glued to a word on its left:
//   the byte before is not a letter, digit, `_` or `+`, and not a `-` or `.` that follows a
//   word byte (`ABC4111…`, `v1.2.3.4`, `x-4111…` and `12+555…` do not start runs).
// * Groups are joined by exactly one space, `-` or `.`, or by the parentheses of a group such as
//   `(555)` or `(0)`. Anything else (two spaces, `/`, `,`, a letter) ends the run.
// * Groups joined by `-`, `.` or parentheses form one *token*: a match covers whole tokens, never
//   part of one, so `123-45-6789-0000` holds no SSN. Tokens joined by single spaces may be
//   matched separately: in `order 12 4111 1111 1111 1111` the card is found.
// * A token glued to a word on its right (`…1111XYZ`, `555-0100.Thanks`) is part of that word
//   and is never matched.
// * A match spans at most 6 groups and 19 digits, more than any kind needs.

/// A run of digit groups, as found in the text.
struct DigitRun {
    /// How a group is joined to the one before it.
    enum Joint: Equatable {
        case space
        case dash
        case dot
        /// Directly adjacent to a parenthesized group: `(555)123` or `+44(0)20`.
        case parenthesis
    }

    struct Group {
        /// Byte range of the group including its parentheses.
        var start: Int
        var end: Int
        /// Byte range of the digits alone.
        var digitStart: Int
        var digitEnd: Int
        var isParenthesized: Bool
        /// How this group is joined to the previous one (`nil` for the first group).
        var joint: Joint?

        var digitCount: Int { digitEnd - digitStart }
    }

    /// Offset of a leading `+`, if the run has one.
    var plus: Int?
    var groups: [Group]
    /// Groups from this index on belong to a token glued to a following word; no match may
    /// include them.
    var usableGroupCount: Int

    var start: Int { plus ?? groups[0].start }

    /// A contiguous range of groups that starts and ends at token boundaries.
    struct Window {
        var run: DigitRun
        var first: Int
        var last: Int
        /// Digits in the window, separators not counted.
        var digitCount: Int

        var groups: ArraySlice<Group> { run.groups[first...last] }
        var groupCount: Int { last - first + 1 }
        /// Whether the run's leading `+` belongs to this window.
        var hasPlus: Bool { first == 0 && run.plus != nil }
        var start: Int {
            if first == 0, let plus = run.plus { return plus }
            return run.groups[first].start
        }
        var end: Int { run.groups[last].end }
        /// The joints between this window's groups.
        var joints: [Joint] { groups.dropFirst().compactMap(\.joint) }
        var hasParentheses: Bool { groups.contains(where: \.isParenthesized) }

        /// The digit values of the window, separators dropped.
        func digits(in bytes: [UInt8]) -> [Int] {
            var result: [Int] = []
            result.reserveCapacity(digitCount)
            for group in groups {
                for index in group.digitStart..<group.digitEnd {
                    result.append(ASCIIClass.digitValue(bytes[index]))
                }
            }
            return result
        }

        /// The digits of group `index` (0 = the window's first group) as a number.
        func groupValue(_ index: Int, in bytes: [UInt8]) -> Int {
            let group = run.groups[first + index]
            var value = 0
            for offset in group.digitStart..<group.digitEnd {
                value = value &* 10 &+ ASCIIClass.digitValue(bytes[offset])
            }
            return value
        }

        func candidate(_ kind: PIIKind) -> PIICandidate {
            PIICandidate(kind: kind, start: start, end: end)
        }
    }

    /// Whether a window may begin at group `index` (it is the first group or follows a space).
    func tokenBegins(at index: Int) -> Bool {
        index == 0 || groups[index].joint == .space
    }

    /// Whether a window may end at group `index` (it is the last group or a space follows).
    func tokenEnds(at index: Int) -> Bool {
        index == groups.count - 1 || groups[index + 1].joint == .space
    }

    /// No kind has more digits than this (a card has at most 19, a phone 15 plus a `00`
    /// prefix), so longer windows are never tried: it keeps a run of thousands of groups linear.
    static let maximumWindowDigits = 19
    /// Nor is any kind written in more groups than this (`+33 1 23 45 67 89`, `4111 1111 1111
    /// 1111`, `3056 9309 0259 04`).
    static let maximumWindowGroups = 6

    /// Non-overlapping windows accepted by `accept`, scanning left to right and taking the
    /// longest accepted window at each start.
    func matchingWindows(_ accept: (Window) -> Bool) -> [Window] {
        var found: [Window] = []
        var first = 0
        while first < usableGroupCount {
            guard tokenBegins(at: first) else { first += 1; continue }
            // The last group a window starting here may reach without exceeding the digit cap.
            var reach = first
            var digits = groups[first].digitCount
            while reach + 1 < usableGroupCount && reach + 1 - first < Self.maximumWindowGroups
                    && digits + groups[reach + 1].digitCount <= Self.maximumWindowDigits {
                reach += 1
                digits += groups[reach].digitCount
            }
            var best: Window?
            for last in stride(from: reach, through: first, by: -1) {
                if tokenEnds(at: last) {
                    let window = Window(run: self, first: first, last: last, digitCount: digits)
                    if accept(window) { best = window; break }
                }
                digits -= groups[last].digitCount
            }
            if let best {
                found.append(best)
                first = best.last + 1
            } else {
                first += 1
            }
        }
        return found
    }

    /// All runs in `bytes`, left to right.
    static func all(in bytes: [UInt8]) -> [DigitRun] {
        var runs: [DigitRun] = []
        var index = 0
        // One pass: a run or a word is consumed whole, every other byte is stepped over once.
        while index < bytes.count {
            let byte = bytes[index]
            let next = bytes.byte(at: index + 1) ?? 0
            let opensRun = ASCIIClass.isDigit(byte)
                || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(")) && ASCIIClass.isDigit(next))
            if opensRun && startsFreely(at: index, in: bytes), let run = parse(at: index, in: bytes) {
                runs.append(run)
                index = run.groups[run.groups.count - 1].end
            } else if ASCIIClass.isWordByte(byte) {
                while index < bytes.count && ASCIIClass.isWordByte(bytes[index]) { index += 1 }
            } else {
                index += 1
            }
        }
        return runs
    }

    /// Whether position `index` is not glued to a word on its left.
    private static func startsFreely(at index: Int, in bytes: [UInt8]) -> Bool {
        guard let previous = bytes.byte(at: index - 1) else { return true }
        // After a `+` that did not open a run itself, the `+` glues this to what precedes it.
        if ASCIIClass.isWordByte(previous) || previous == UInt8(ascii: "+") { return false }
        if previous == UInt8(ascii: "-") || previous == UInt8(ascii: ".") {
            if let beforeThat = bytes.byte(at: index - 2), ASCIIClass.isWordByte(beforeThat) { return false }
        }
        return true
    }

    private static func parse(at start: Int, in bytes: [UInt8]) -> DigitRun? {
        var index = start
        var plus: Int?
        if bytes[index] == UInt8(ascii: "+") {
            plus = index
            index += 1
        }
        var groups: [Group] = []
        var joint: Joint?
        while let group = parseGroup(at: index, joint: joint, in: bytes) {
            groups.append(group)
            index = group.end
            guard let separator = bytes.byte(at: index) else { break }
            let afterSeparator = bytes.byte(at: index + 1) ?? 0
            let opensGroup = ASCIIClass.isDigit(afterSeparator) || afterSeparator == UInt8(ascii: "(")
            if separator == UInt8(ascii: " ") && opensGroup {
                joint = .space
            } else if separator == UInt8(ascii: "-") && opensGroup {
                joint = .dash
            } else if separator == UInt8(ascii: ".") && ASCIIClass.isDigit(afterSeparator) {
                joint = .dot
            } else if group.isParenthesized && ASCIIClass.isDigit(separator) {
                joint = .parenthesis
                continue
            } else if separator == UInt8(ascii: "(") && ASCIIClass.isDigit(afterSeparator) {
                joint = .parenthesis
                continue
            } else {
                break
            }
            index += 1
        }
        guard !groups.isEmpty else { return nil }
        // The last token is unusable when a word continues right after it.
        var usable = groups.count
        let end = groups[groups.count - 1].end
        if let after = bytes.byte(at: end) {
            let glued = ASCIIClass.isWordByte(after)
                || ((after == UInt8(ascii: "-") || after == UInt8(ascii: ".") || after == UInt8(ascii: "_"))
                    && ASCIIClass.isWordByte(bytes.byte(at: end + 1) ?? 0))
            if glued {
                usable = groups.count - 1
                while usable > 0 && groups[usable].joint != .space { usable -= 1 }
            }
        }
        return DigitRun(plus: plus, groups: groups, usableGroupCount: usable)
    }

    /// A group at `index`: digits, or digits in parentheses.
    private static func parseGroup(at index: Int, joint: Joint?, in bytes: [UInt8]) -> Group? {
        var cursor = index
        let parenthesized = bytes.byte(at: cursor) == UInt8(ascii: "(")
        if parenthesized { cursor += 1 }
        let digitStart = cursor
        while let byte = bytes.byte(at: cursor), ASCIIClass.isDigit(byte) { cursor += 1 }
        let digitEnd = cursor
        guard digitEnd > digitStart else { return nil }
        if parenthesized {
            guard bytes.byte(at: cursor) == UInt8(ascii: ")") else { return nil }
            cursor += 1
        }
        return Group(start: index, end: cursor, digitStart: digitStart, digitEnd: digitEnd,
                     isParenthesized: parenthesized, joint: joint)
    }
}
