/// Reads the tickets of a helpdesk export one at a time, in constant memory: CSV (Jira,
/// Freshdesk, any), JSON arrays (Zendesk, GitHub, any) and JSON lines.
///
/// ```swift
/// let reader = try TicketReader(path: "tickets.csv")
/// for item in reader {
///     switch item {
///     case .ticket(let ticket): …
///     case .rejected(let rejection): print(rejection)   // e.g. "line 7, ticket 'SUP-3': empty text: …"
///     case .failed(let error): throw error               // the file's structure broke; nothing follows
///     }
/// }
/// ```
public final class TicketReader: Sequence, IteratorProtocol {
    /// How to read an export; the defaults detect everything.
    public struct Options: Sendable {
        /// `--format`; `nil` detects the format from the extension and the content.
        public var format: TicketFormat?
        /// `--id`/`--text`: wins over everything; `nil` uses `swarmInput` or the format's own fields.
        public var mapping: TicketFieldMapping?
        /// The swarm file's `[input]`: for generic files, or for the format it names.
        public var swarmInput: SwarmInputMapping?
        /// GitHub: keep items that are pull requests (the issues API lists them too); skipped and
        /// counted by default.
        public var includePullRequests: Bool
        public var limits: TicketLimits
        /// Bytes per read(2).
        public var chunkSize: Int

        public init(format: TicketFormat? = nil, mapping: TicketFieldMapping? = nil, swarmInput: SwarmInputMapping? = nil,
                    includePullRequests: Bool = false, limits: TicketLimits = TicketLimits(), chunkSize: Int = 64 * 1024) {
            self.format = format
            self.mapping = mapping
            self.swarmInput = swarmInput
            self.includePullRequests = includePullRequests
            self.limits = limits
            self.chunkSize = chunkSize
        }
    }

    /// The file as named.
    public let path: String
    /// The format read: the one given, or the one detected.
    public let format: TicketFormat
    /// The id and text fields in force; `nil` for a generic JSON file (guessed per record).
    public let mapping: TicketFieldMapping?
    /// Where `mapping` came from.
    public let mappingOrigin: TicketMappingOrigin
    /// True when the swarm's `[input]` was given but not used, because the export is a helpdesk's own shape.
    public let swarmInputSetAside: Bool
    /// GitHub pull requests passed over so far (see `Options.includePullRequests`).
    public private(set) var skippedPullRequests = 0
    private let skipsPullRequests: Bool

    private let source: TicketRecordSource
    private var assembler: TicketAssembler
    /// The structural error that ended reading; every later call throws it again.
    private var failure: TicketInputError?
    private var failureReported = false

    /// Opens `path`, detects its format and, for CSV, reads the header and checks that the
    /// mapping's columns exist. Throws when the file cannot be read as tickets at all.
    public init(path: String, options: Options = Options()) throws(TicketInputError) {
        self.path = path
        let reader = try ByteReader(path: path, chunkSize: options.chunkSize)
        let container = try TicketFormatDetection.container(path: path, prefix: reader.buffered, format: options.format)
        let source: TicketRecordSource
        let shape: TicketShape
        switch container {
        case .csv:
            let csv = try CSVRecordSource(reader: reader, limits: options.limits)
            source = csv
            shape = options.format?.shape ?? TicketFormatDetection.csvShape(header: csv.header)
        case .jsonLines, .jsonArray:
            shape = options.format?.shape ?? TicketFormatDetection.jsonShape(prefix: reader.buffered)
            source = container == .jsonLines
                ? try JSONLinesRecordSource(reader: reader, limits: options.limits)
                : try JSONArrayRecordSource(reader: reader, limits: options.limits)
        }
        var (mapping, origin) = TicketMappingOrigin.choose(explicit: options.mapping, swarm: options.swarmInput,
                                                           shape: shape, formatChosen: options.format != nil)
        if let header = source.fieldNames {
            mapping = try TicketReader.checkedMapping(mapping, origin: origin, header: header, shape: shape, file: path)
        }
        self.source = source
        self.mapping = mapping
        mappingOrigin = origin
        swarmInputSetAside = options.swarmInput != nil && origin != .swarmInput && origin != .commandLine
        skipsPullRequests = shape == .github && !options.includePullRequests
        format = TicketFormatDetection.format(container: container, shape: shape)
        assembler = TicketAssembler(mapping: mapping, limits: options.limits, markup: shape.bodyMarkup)
    }

    /// The next ticket or rejection, `nil` at the end; throws when the file's structure breaks
    /// (a truncated array, an unclosed quote), after which nothing more can be read.
    public func nextItem() throws(TicketInputError) -> TicketInputItem? {
        if let failure { throw failure }
        do {
            while let record = try source.nextRecord() {
                if skipsPullRequests, Self.isPullRequest(record) {
                    skippedPullRequests += 1
                    continue
                }
                return assembler.assemble(record)
            }
            return nil
        } catch {
            failure = error
            throw error
        }
    }

    /// The next item; a structural error is yielded once as `.failed` and ends the sequence.
    public func next() -> TicketInputItem? {
        if failureReported { return nil }
        do {
            return try nextItem()
        } catch {
            failureReported = true
            return .failed(error)
        }
    }

    /// The most bytes of the file this reader has held at once: its read buffer plus its largest
    /// record. Bounded by the chunk size plus `TicketLimits.maxRecordBytes`, whatever the file size.
    var peakBufferedBytes: Int { source.peakBufferedBytes }

    /// A GitHub issues-list item that is a pull request: it carries a `pull_request` object.
    private static func isPullRequest(_ record: SourceRecord) -> Bool {
        guard case .fields(let record) = record else { return false }
        return record.fields.contains { $0.name == "pull_request" || $0.name.hasPrefix("pull_request.") }
    }

    /// For a CSV: the mapping with its names as the header spells them, or an error naming the
    /// missing column. A generic CSV without a mapping gets one guessed from the header.
    private static func checkedMapping(_ mapping: TicketFieldMapping?, origin: TicketMappingOrigin, header: [String],
                                       shape: TicketShape, file: String) throws(TicketInputError) -> TicketFieldMapping {
        guard let mapping = mapping ?? TicketFieldMapping.guess(from: header) else {
            let hasId = TicketFieldMapping.guessedIdFields.contains { TicketFieldMapping.field(named: $0, in: header) != nil }
            throw TicketInputError(file: file, position: TextPosition(line: 1, column: 1, offset: 0), kind: .missingColumn(
                name: hasId ? "description" : "id",
                role: hasId ? "ticket text (name the columns with --text)" : "ticket id (name the column with --id)",
                available: header))
        }
        let role = shape == .generic ? "" : "\(shape.rawValue) "
        guard let id = TicketFieldMapping.field(named: mapping.idField, in: header) else {
            throw TicketInputError(file: file, position: TextPosition(line: 1, column: 1, offset: 0),
                                   kind: .missingColumn(name: mapping.idField, role: "\(role)ticket id\(origin.settingName)",
                                                        available: header))
        }
        var text: [String] = []
        for wanted in mapping.textFields {
            guard let name = TicketFieldMapping.field(named: wanted, in: header) else {
                throw TicketInputError(file: file, position: TextPosition(line: 1, column: 1, offset: 0),
                                       kind: .missingColumn(name: wanted, role: "\(role)ticket text\(origin.settingName)",
                                                            available: header))
            }
            text.append(name)
        }
        return TicketFieldMapping(idField: id, textFields: text)
    }
}
