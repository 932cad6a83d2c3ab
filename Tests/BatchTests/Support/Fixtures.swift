import Foundation
import XCTest
@testable import Batch

/// The sample exports in Tests/BatchTests/Fixtures, found from this source file's path.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of fixture `name`, failing the test when it is missing.
    static func path(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let path = directory.appendingPathComponent(name).path
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "fixture missing: \(path)", file: file, line: line)
        return path
    }
}

/// A directory under the system temp dir, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("batch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to `name` in this directory and returns its path.
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }
}

/// Everything a reader yields, sorted by kind.
struct ReadResult {
    var tickets: [Ticket] = []
    var rejections: [TicketRejection] = []
    var failure: TicketInputError?
    /// The order of items: "t" ticket, "r" rejection, "f" failure.
    var sequence = ""

    func ticket(_ id: String, file: StaticString = #filePath, line: UInt = #line) -> Ticket? {
        let found = tickets.first { $0.id == id }
        XCTAssertNotNil(found, "no ticket '\(id)'; read \(tickets.map(\.id))", file: file, line: line)
        return found
    }

    func rejection(atLine sourceLine: Int, file: StaticString = #filePath, line: UInt = #line) -> TicketRejection? {
        let found = rejections.first { $0.line == sourceLine }
        XCTAssertNotNil(found, "no rejection at line \(sourceLine); got \(rejections)", file: file, line: line)
        return found
    }
}

/// Opens `path` and reads it to the end through the Sequence interface.
func readAll(_ path: String, options: TicketReader.Options = TicketReader.Options(),
             file: StaticString = #filePath, line: UInt = #line) throws -> ReadResult {
    let reader = try TicketReader(path: path, options: options)
    return collect(reader)
}

func collect(_ reader: TicketReader) -> ReadResult {
    var result = ReadResult()
    for item in reader {
        switch item {
        case .ticket(let ticket):
            result.tickets.append(ticket)
            result.sequence += "t"
        case .rejected(let rejection):
            result.rejections.append(rejection)
            result.sequence += "r"
        case .failed(let error):
            result.failure = error
            result.sequence += "f"
        }
    }
    return result
}

/// The error `body` throws, failing the test when it does not throw a `TicketInputError`.
func inputError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> TicketInputError? {
    do {
        let value = try body()
        XCTFail("expected a TicketInputError, got \(value)", file: file, line: line)
    } catch let error as TicketInputError {
        return error
    } catch {
        XCTFail("expected a TicketInputError, got \(error)", file: file, line: line)
    }
    return nil
}
