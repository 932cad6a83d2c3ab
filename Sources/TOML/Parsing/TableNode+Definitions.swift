// TOML's rules on defining and extending tables, in one place:
// - a key is defined once per table;
// - `[a.b]` may define a table that so far exists only implicitly, once; it may pass through
//   any table, and through an array of tables to its last element;
// - `[[a.b]]` appends to an array of tables, which must have been created by `[[…]]`;
// - dotted keys `a.b = 1` may create tables and extend tables created by dotted keys or
//   implicitly, but not tables defined by a header, arrays of tables, or inline tables;
// - inline tables and arrays are values: complete when written, never extended.

extension TableNode {
    /// Handles `[keys]` on the top-level table; returns the table the section writes to.
    func defineTable(_ keys: [KeyPart], header: TOMLPosition) throws(TOMLError) -> TableNode {
        let (parent, last) = try descendForHeader(keys, header: header)
        let name = "[\(joined(keys))]"
        guard let existing = parent.entry(last.name) else {
            let table = try parent.makeChild(last, origin: .header, position: header)
            parent.add(last, .table(table))
            return table
        }
        switch existing.slot {
        case .table(let table):
            switch table.origin {
            case .implicit:
                table.origin = .header
                table.position = header
                return table
            case .header, .inline:
                throw .conflictingDefinition("table \(name) is defined twice", at: header,
                                             firstDefinedAt: table.position)
            case .dotted:
                throw .conflictingDefinition("table \(name) was already defined with dotted keys; "
                                             + "it cannot also have a header", at: header,
                                             firstDefinedAt: existing.keyPosition)
            }
        case .arrayOfTables:
            throw .conflictingDefinition("\(name) is an array of tables; write [\(name)] to add an element",
                                         at: header, firstDefinedAt: existing.keyPosition)
        case .value(let value):
            throw .conflictingDefinition("cannot define table \(name): '\(joined(keys))' is already "
                                         + value.typeDescription, at: header, firstDefinedAt: existing.keyPosition)
        }
    }

    /// Handles `[[keys]]` on the top-level table; returns the new element.
    func appendToArrayOfTables(_ keys: [KeyPart], header: TOMLPosition) throws(TOMLError) -> TableNode {
        let (parent, last) = try descendForHeader(keys, header: header)
        let name = joined(keys)
        guard let existing = parent.entry(last.name) else {
            let path = TOMLKeyPath.appending(last.name, to: parent.path)
            let element = try parent.makeChild(last, origin: .header, position: header, path: path + "[0]")
            parent.add(last, .arrayOfTables(ArrayOfTablesNode(position: header, first: element)))
            return element
        }
        switch existing.slot {
        case .arrayOfTables(let array):
            let path = TOMLKeyPath.appending(last.name, to: parent.path)
            let element = try parent.makeChild(last, origin: .header, position: header,
                                               path: "\(path)[\(array.tables.count)]")
            array.append(element)
            return element
        case .table:
            throw .conflictingDefinition("cannot define array of tables [[\(name)]]: '\(name)' is already a table",
                                         at: header, firstDefinedAt: existing.keyPosition)
        case .value(let value):
            let what = value.array != nil
                ? "an array written with [ ], which cannot be extended by [[\(name)]]" : value.typeDescription
            throw .conflictingDefinition("cannot define array of tables [[\(name)]]: '\(name)' is already \(what)",
                                         at: header, firstDefinedAt: existing.keyPosition)
        }
    }

    /// Adds `keys = value` to this table (a section's table or an inline table), creating the
    /// tables named by the leading parts of a dotted key.
    func insert(_ keys: [KeyPart], _ value: TOMLValue) throws(TOMLError) {
        var table = self
        for key in keys.dropLast() {
            let name = TOMLKeyPath.appending(key.name, to: table.path)
            guard let existing = table.entry(key.name) else {
                let child = try table.makeChild(key, origin: .dotted, position: key.position)
                table.add(key, .table(child))
                table = child
                continue
            }
            switch existing.slot {
            case .table(let child) where child.origin == .implicit || child.origin == .dotted:
                // Once extended by dotted keys, it may no longer get a [header] of its own.
                child.origin = .dotted
                table = child
            case .table(let child):
                throw .conflictingDefinition("cannot add keys to table [\(child.path)] with dotted keys "
                                             + "outside its own section", at: key.position,
                                             firstDefinedAt: child.position)
            case .arrayOfTables:
                throw .conflictingDefinition("cannot add keys to array of tables '\(name)' with dotted keys",
                                             at: key.position, firstDefinedAt: existing.keyPosition)
            case .value(let value):
                let what = value.table != nil ? "an inline table, which cannot be extended" : value.typeDescription
                throw .conflictingDefinition("cannot use '\(name)' as a table: it is already \(what)",
                                             at: key.position, firstDefinedAt: existing.keyPosition)
            }
        }
        guard let last = keys.last else { return }
        if let existing = table.entry(last.name) {
            throw .duplicateKey(TOMLKeyPath.appending(last.name, to: table.path), at: last.position,
                                firstDefinedAt: existing.keyPosition)
        }
        table.add(last, .value(value))
    }

    /// Walks the leading parts of a header's key, creating implicit tables; returns the parent of
    /// the last part and the last part.
    private func descendForHeader(_ keys: [KeyPart], header: TOMLPosition)
        throws(TOMLError) -> (TableNode, KeyPart)
    {
        var table = self
        for (index, key) in keys.dropLast().enumerated() {
            guard let existing = table.entry(key.name) else {
                let child = try table.makeChild(key, origin: .implicit, position: key.position)
                table.add(key, .table(child))
                table = child
                continue
            }
            switch existing.slot {
            case .table(let child):
                table = child
            case .arrayOfTables(let array):
                table = array.last
            case .value(let value):
                let name = joined(keys[...index])
                let what = value.table != nil ? "an inline table, which cannot be extended" : value.typeDescription
                throw .conflictingDefinition("cannot define [\(joined(keys))]: '\(name)' is already \(what)",
                                             at: key.position, firstDefinedAt: existing.keyPosition)
            }
        }
        // The header has at least one part (the scanner guarantees it).
        return (table, keys[keys.count - 1])
    }

    /// Key parts as written in TOML (`a."b c".d`).
    private func joined(_ keys: some Collection<KeyPart>) -> String {
        keys.reduce("") { TOMLKeyPath.appending($1.name, to: $0) }
    }
}
