/// The byte steps of `JSONAutomaton`, one function per kind of value.
extension JSONAutomaton {
    /// What a frame did with a byte.
    enum Outcome {
        case accepted, rejected
        /// The value had ended before this byte (a number before ','): pop, offer the byte to the parent.
        case endedBefore
        /// The byte closed the value (`"`, `}`, the last letter of `true`): pop.
        case endedWith
    }

    /// What starting a value did.
    enum Start { case pushed, complete, rejected }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    func start(_ frames: UnsafeMutablePointer<Frame>) -> Int {
        frames[0] = Frame()
        return 1
    }

    func step(_ frames: UnsafeMutablePointer<Frame>, _ count: inout Int, _ byte: UInt8) -> Bool {
        while count > 0 {
            let top = frames + (count - 1)
            let outcome: Outcome
            if top.pointee.node < 0 {
                outcome = stepDocument(top, frames, &count, byte)
            } else {
                switch nodes[Int(top.pointee.node)].kind {
                case .object: outcome = stepObject(top, frames, &count, byte)
                case .array: outcome = stepArray(top, frames, &count, byte)
                case .string: outcome = stepString(&top.pointee, byte)
                case .number: outcome = stepNumber(&top.pointee, byte)
                case .literal: outcome = stepLiteral(&top.pointee, byte)
                case .choice: outcome = .rejected  // choices never own a frame
                }
            }
            switch outcome {
            case .accepted: return true
            case .rejected: return false
            case .endedWith:
                count -= 1
                return true
            case .endedBefore:
                count -= 1
            }
        }
        return false
    }

    func isComplete(_ frames: UnsafeMutablePointer<Frame>, _ count: Int) -> Bool {
        if count == 1 { return frames[0].state == 1 }
        // A top-level number or literal is complete where it could end.
        return count == 2 && canEnd(frames[1])
    }

    /// Inside a string between characters: plain text up to the length left fits.
    func plainTextRoom(_ frames: UnsafeMutablePointer<Frame>, _ count: Int) -> Int? {
        let top = frames[count - 1]
        guard top.node >= 0, nodes[Int(top.node)].kind == .string, top.escape == 0, top.utf8Left == 0 else { return nil }
        return Int(nodes[Int(top.node)].high - top.count)
    }

    /// Whether the value in `frame` could end before the next byte.
    func canEnd(_ frame: Frame) -> Bool {
        let node = nodes[Int(frame.node)]
        switch node.kind {
        case .number: return numberCanEnd(frame, node)
        case .literal: return trie.isTerminal(frame.cursor)
        default: return false
        }
    }

    // MARK: - Starting values

    /// Starts a value of `nodeIndex` with its first byte, writing its frame at `slot`.
    func startValue(_ nodeIndex: Int32, _ byte: UInt8, _ frames: UnsafeMutablePointer<Frame>, _ count: inout Int) -> Start {
        guard count < stackCapacity else { return .rejected }
        let node = nodes[Int(nodeIndex)]
        var frame = Frame()
        frame.node = nodeIndex
        switch node.kind {
        case .object: guard byte == UInt8(ascii: "{") else { return .rejected }
        case .array: guard byte == UInt8(ascii: "[") else { return .rejected }
        case .string: guard byte == UInt8(ascii: "\"") else { return .rejected }
        case .number: guard stepNumber(&frame, byte) == .accepted else { return .rejected }
        case .literal:
            guard let next = trie.child(node.trieRoot, byte) else { return .rejected }
            if trie.isTerminal(next), !trie.hasChildren(next) { return .complete }
            frame.cursor = next
        case .choice:
            let alternative = dispatch[Int(node.child) + Int(byte)]
            return alternative < 0 ? .rejected : startValue(alternative, byte, frames, &count)
        }
        frames[count] = frame
        count += 1
        return .pushed
    }

    /// Starts a child value from a container; the container's state is already set for after it.
    private func startChild(_ nodeIndex: Int32, _ byte: UInt8, _ frames: UnsafeMutablePointer<Frame>, _ count: inout Int) -> Outcome {
        startValue(nodeIndex, byte, frames, &count) == .rejected ? .rejected : .accepted
    }

    /// Whitespace in a gap: up to `maxWhitespace` bytes and one line break, so
    /// pretty-printing works but blank lines and endless blanks do not.
    /// The low 7 bits of `spaces` count bytes; the high bit records the line break.
    private func space(_ frame: UnsafeMutablePointer<Frame>, _ byte: UInt8) -> Outcome {
        if byte == 0x0A || byte == 0x0D {
            guard frame.pointee.spaces & 0x80 == 0 else { return .rejected }
            frame.pointee.spaces |= 0x80
        }
        guard frame.pointee.spaces & 0x7F < maxWhitespace else { return .rejected }
        frame.pointee.spaces += 1
        return .accepted
    }

    // MARK: - Containers

    /// Document states: 0 before the value (leading whitespace), 1 after it (nothing may follow).
    private func stepDocument(_ top: UnsafeMutablePointer<Frame>, _ frames: UnsafeMutablePointer<Frame>, _ count: inout Int, _ byte: UInt8) -> Outcome {
        guard top.pointee.state == 0 else { return .rejected }
        if Self.isWhitespace(byte) { return space(top, byte) }
        top.pointee.state = 1
        return startChild(root, byte, frames, &count)
    }

    /// Object states: 0 after '{', 1 in a key, 2 after a key, 3 after ':', 4 after a value, 5 after ','.
    private func stepObject(_ top: UnsafeMutablePointer<Frame>, _ frames: UnsafeMutablePointer<Frame>, _ count: inout Int, _ byte: UInt8) -> Outcome {
        let node = nodes[Int(top.pointee.node)]
        let state = top.pointee.state
        if state != 1, Self.isWhitespace(byte) { return space(top, byte) }
        switch (state, byte) {
        case (0, UInt8(ascii: "}")), (4, UInt8(ascii: "}")):
            return node.required & ~top.pointee.seen == 0 ? .endedWith : .rejected
        case (0, UInt8(ascii: "\"")), (5, UInt8(ascii: "\"")):
            guard node.allProperties & ~top.pointee.seen != 0 else { return .rejected }
            top.pointee.state = 1
            top.pointee.cursor = node.trieRoot
            return .accepted
        case (1, UInt8(ascii: "\"")):
            let key = trie.terminals[Int(top.pointee.cursor)]
            guard key >= 0, top.pointee.seen & (1 << UInt64(key)) == 0 else { return .rejected }
            top.pointee.seen |= 1 << UInt64(key)
            top.pointee.count = key
            top.pointee.state = 2
            top.pointee.spaces = 0
            return .accepted
        case (1, _):
            // Only bytes that still lead to a key not yet written.
            guard let next = trie.child(top.pointee.cursor, byte), trie.below[Int(next)] & ~top.pointee.seen != 0 else { return .rejected }
            top.pointee.cursor = next
            return .accepted
        case (2, UInt8(ascii: ":")):
            top.pointee.state = 3
            top.pointee.spaces = 0
            return .accepted
        case (3, _):
            top.pointee.state = 4
            top.pointee.spaces = 0
            return startChild(propertyNodes[Int(node.child) + Int(top.pointee.count)], byte, frames, &count)
        case (4, UInt8(ascii: ",")):
            // A comma promises another key, so one must be left.
            guard node.allProperties & ~top.pointee.seen != 0 else { return .rejected }
            top.pointee.state = 5
            top.pointee.spaces = 0
            return .accepted
        default:
            return .rejected
        }
    }

    /// Array states: 0 after '[', 1 after an item, 2 after ','. `count` is the number of items started.
    private func stepArray(_ top: UnsafeMutablePointer<Frame>, _ frames: UnsafeMutablePointer<Frame>, _ count: inout Int, _ byte: UInt8) -> Outcome {
        let node = nodes[Int(top.pointee.node)]
        if Self.isWhitespace(byte) { return space(top, byte) }
        switch (top.pointee.state, byte) {
        case (0, UInt8(ascii: "]")):
            return node.low == 0 ? .endedWith : .rejected
        case (1, UInt8(ascii: "]")):
            return top.pointee.count >= node.low ? .endedWith : .rejected
        case (1, UInt8(ascii: ",")):
            guard top.pointee.count < node.high else { return .rejected }
            top.pointee.state = 2
            top.pointee.spaces = 0
            return .accepted
        case (0, _), (2, _):
            guard top.pointee.count < node.high else { return .rejected }
            top.pointee.state = 1
            top.pointee.spaces = 0
            top.pointee.count += 1
            return startChild(node.child, byte, frames, &count)
        default:
            return .rejected
        }
    }

    // MARK: - Scalars

    /// Strings: valid UTF-8, no raw control characters, escapes including
    /// paired surrogates, and a length range in characters (counted where each starts).
    /// Escape states: 0 none, 1 after '\', 2–5 hex digits of \u, 6–7 expecting "\u" of
    /// a low surrogate, 8–11 its hex digits.
    private func stepString(_ frame: inout Frame, _ byte: UInt8) -> Outcome {
        let node = nodes[Int(frame.node)]
        if frame.utf8Left > 0 {
            guard byte >= frame.utf8Low, byte <= frame.utf8High else { return .rejected }
            frame.utf8Left -= 1
            frame.utf8Low = 0x80
            frame.utf8High = 0xBF
            return .accepted
        }
        switch frame.escape {
        case 0:
            switch byte {
            case UInt8(ascii: "\""): return frame.count >= node.low ? .endedWith : .rejected
            case UInt8(ascii: "\\"):
                guard frame.count < node.high else { return .rejected }
                frame.escape = 1
                return .accepted
            case 0 ..< 0x20: return .rejected
            default:
                guard frame.count < node.high else { return .rejected }
                // Lead bytes: how many continuation bytes follow, and the range of the first
                // (excluding overlong forms, UTF-16 surrogates and values past U+10FFFF).
                switch byte {
                case 0x20 ..< 0x80: break
                case 0xC2 ... 0xDF: frame.utf8Left = 1
                case 0xE0: frame.utf8Left = 2; frame.utf8Low = 0xA0
                case 0xED: frame.utf8Left = 2; frame.utf8High = 0x9F
                case 0xE1 ... 0xEF: frame.utf8Left = 2
                case 0xF0: frame.utf8Left = 3; frame.utf8Low = 0x90
                case 0xF1 ... 0xF3: frame.utf8Left = 3
                case 0xF4: frame.utf8Left = 3; frame.utf8High = 0x8F
                default: return .rejected
                }
                frame.count += 1
                return .accepted
            }
        case 1:
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                frame.escape = 0
                frame.count += 1
                return .accepted
            case UInt8(ascii: "u"):
                frame.escape = 2
                frame.cursor = 0
                return .accepted
            default: return .rejected
            }
        case 2 ... 5:
            guard let digit = Self.hexValue(byte) else { return .rejected }
            frame.cursor = frame.cursor << 4 | digit
            // DC..DF: a low surrogate with no high one before it, whatever follows.
            if frame.escape == 3, frame.cursor >= 0xDC, frame.cursor <= 0xDF { return .rejected }
            if frame.escape < 5 {
                frame.escape += 1
            } else if frame.cursor >= 0xD800, frame.cursor <= 0xDBFF {
                frame.escape = 6
            } else {
                frame.escape = 0
                frame.count += 1
            }
            return .accepted
        case 6:
            guard byte == UInt8(ascii: "\\") else { return .rejected }
            frame.escape = 7
            return .accepted
        case 7:
            guard byte == UInt8(ascii: "u") else { return .rejected }
            frame.escape = 8
            return .accepted
        case 8:
            guard byte == UInt8(ascii: "d") || byte == UInt8(ascii: "D") else { return .rejected }
            frame.escape = 9
            return .accepted
        case 9:
            guard let digit = Self.hexValue(byte), digit >= 0xC else { return .rejected }
            frame.escape = 10
            return .accepted
        case 10:
            guard Self.hexValue(byte) != nil else { return .rejected }
            frame.escape = 11
            return .accepted
        default:
            guard Self.hexValue(byte) != nil else { return .rejected }
            frame.escape = 0
            frame.count += 1
            return .accepted
        }
    }

    static func hexValue(_ byte: UInt8) -> Int32? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): return Int32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): return Int32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): return Int32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Literals (enum values, true, false, null): a walk down the value trie.
    private func stepLiteral(_ frame: inout Frame, _ byte: UInt8) -> Outcome {
        if let next = trie.child(frame.cursor, byte) {
            frame.cursor = next
            return trie.isTerminal(next) && !trie.hasChildren(next) ? .endedWith : .accepted
        }
        return trie.isTerminal(frame.cursor) ? .endedBefore : .rejected
    }
}
