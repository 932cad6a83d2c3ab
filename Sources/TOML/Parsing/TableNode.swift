/// A table while the document is being parsed: mutable, shared by reference (the parser keeps a
/// pointer to the table its current section writes to), and marked with how it came to exist,
/// which decides what may still be added to it. `freeze()` turns the finished tree into
/// `TOMLTable` values.
final class TableNode {
    /// How a table came to exist; TOML's redefinition rules depend on it.
    enum Origin {
        /// Created as an intermediate of a header (`a` in `[a.b]`): may still get its own header
        /// once, and may be extended by dotted keys.
        case implicit
        /// Defined by `[header]` or `[[header]]` (or the top-level table): never defined again,
        /// never extended by dotted keys from another section.
        case header
        /// Created by dotted keys (`a` in `a.b = 1`): may be extended by more dotted keys, never
        /// defined by a header; sub-tables may have headers.
        case dotted
        /// An inline table `{ … }` under construction; frozen into a plain value when it closes.
        case inline
    }

    /// What a key of the table holds.
    enum Slot {
        case table(TableNode)
        case arrayOfTables(ArrayOfTablesNode)
        /// A finished value: scalars, arrays and inline tables, none of which can be extended.
        case value(TOMLValue)
    }

    struct Entry {
        var key: String
        var keyPosition: TOMLPosition
        var slot: Slot
    }

    var origin: Origin
    var position: TOMLPosition
    /// Number of tables and arrays enclosing this one (the top-level table is 0).
    let depth: Int
    let path: String
    private(set) var entries: [Entry] = []
    private(set) var indexByKey: [String: Int] = [:]

    init(origin: Origin, position: TOMLPosition, depth: Int, path: String) {
        self.origin = origin
        self.position = position
        self.depth = depth
        self.path = path
    }

    func entry(_ key: String) -> Entry? {
        guard let index = indexByKey[key] else { return nil }
        return entries[index]
    }

    /// Adds a key the caller checked is new.
    func add(_ key: KeyPart, _ slot: Slot) {
        indexByKey[key.name] = entries.count
        entries.append(Entry(key: key.name, keyPosition: key.position, slot: slot))
    }

    /// A new child table under `key` (not yet added), enforcing the depth limit.
    func makeChild(_ key: KeyPart, origin: Origin, position: TOMLPosition, path: String? = nil)
        throws(TOMLError) -> TableNode
    {
        guard depth < TOMLParser.maxDepth else {
            throw .nestingTooDeep(limit: TOMLParser.maxDepth, at: key.position)
        }
        return TableNode(origin: origin, position: position, depth: depth + 1,
                         path: path ?? TOMLKeyPath.appending(key.name, to: self.path))
    }

    /// The finished, immutable table.
    func freeze() -> TOMLTable {
        var frozen: [TOMLTable.Entry] = []
        frozen.reserveCapacity(entries.count)
        for entry in entries {
            let value: TOMLValue
            switch entry.slot {
            case .table(let node):
                value = TOMLValue(.table(node.freeze()), position: node.position)
            case .arrayOfTables(let array):
                value = TOMLValue(.array(array.tables.map { TOMLValue(.table($0.freeze()), position: $0.position) }),
                                  position: array.position)
            case .value(let finished):
                value = finished
            }
            frozen.append(TOMLTable.Entry(key: entry.key, keyPosition: entry.keyPosition, value: value))
        }
        return TOMLTable(entries: frozen, indexByKey: indexByKey, position: position, path: path)
    }
}

/// An array of tables (`[[name]]`) while parsing: each header appends an element.
final class ArrayOfTablesNode {
    let position: TOMLPosition
    private(set) var tables: [TableNode]

    /// The element later sections and `[name.sub]` headers refer to: the most recent one.
    var last: TableNode { tables[tables.count - 1] }

    init(position: TOMLPosition, first: TableNode) {
        self.position = position
        self.tables = [first]
    }

    func append(_ table: TableNode) {
        tables.append(table)
    }
}
