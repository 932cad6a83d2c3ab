import Foundation
import XCTest
@testable import Swarm

/// Checks examples/tickets.csv: its shape (RFC 4180, columns, split, balance) and, as a real
/// fixture for the PII scanners, exactly which tickets hold personal data.
final class PolicyExampleTicketsTests: XCTestCase {
    private struct Ticket {
        var id, subject, body, domain, split: String
    }

    private func tickets() throws -> [Ticket] {
        let url = packageRoot().appendingPathComponent("examples/tickets.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        let records = try RFC4180.records(in: text)
        XCTAssertEqual(records.first, ["id", "subject", "body", "domain", "split"])
        return try records.dropFirst().enumerated().map { index, fields in
            guard fields.count == 5 else { throw RFC4180.Failure(message: "record \(index + 2) has \(fields.count) fields") }
            return Ticket(id: fields[0], subject: fields[1], body: fields[2], domain: fields[3], split: fields[4])
        }
    }

    func testThereAreAtLeast300DistinctTicketsWithUniqueIDs() throws {
        let all = try tickets()
        XCTAssertGreaterThanOrEqual(all.count, 300)
        XCTAssertEqual(Set(all.map(\.id)).count, all.count)
        XCTAssertEqual(Set(all.map(\.body)).count, all.count, "every ticket is written individually")
        XCTAssertTrue(all.allSatisfy { !$0.subject.isEmpty && !$0.body.isEmpty })
    }

    func testDomainsAreBalancedWithAboutATenthOutOfScope() throws {
        let all = try tickets()
        let byDomain = Dictionary(grouping: all, by: \.domain).mapValues(\.count)
        XCTAssertEqual(Set(byDomain.keys), ["billing", "technical", "account", "shipping", "out_of_scope"])
        let outOfScope = Double(byDomain["out_of_scope"] ?? 0) / Double(all.count)
        XCTAssertEqual(outOfScope, 0.10, accuracy: 0.03)
        let inScope = ["billing", "technical", "account", "shipping"].map { byDomain[$0] ?? 0 }
        XCTAssertLessThanOrEqual(inScope.max()! - inScope.min()!, inScope.min()! / 10)
    }

    func testAboutFortyPercentAreTrainingExamplesInEveryDomain() throws {
        let all = try tickets()
        XCTAssertTrue(all.allSatisfy { $0.split == "train" || $0.split == "eval" })
        for (domain, group) in Dictionary(grouping: all, by: \.domain) {
            let share = Double(group.filter { $0.split == "train" }.count) / Double(group.count)
            XCTAssertEqual(share, 0.4, accuracy: 0.05, domain)
        }
    }

    func testLengthsRangeFromOneLineToSeveralParagraphs() throws {
        let all = try tickets()
        XCTAssertLessThan(all.map(\.body.count).min()!, 40)
        XCTAssertGreaterThan(all.map(\.body.count).max()!, 1000)
        XCTAssertGreaterThanOrEqual(all.filter { $0.body.contains("\n\n") }.count, 15)
        XCTAssertTrue(all.contains { $0.body.contains("\"") }, "doubled quotes are exercised")
    }

    /// Which tickets hold personal data, checked by reading every match by hand. Everything
    /// else — order numbers (HS-48213), tracking numbers (1Z 999 AA1 01 2345 6784), dates,
    /// amounts, VAT and gift-card codes — must not be reported.
    func testThePIIScannerFindsExactlyThePersonalDataInTheTickets() throws {
        let expected: [String: [PIIKind]] = [
            "HS-1003": [.email], "HS-1008": [.phone], "HS-1018": [.email], "HS-1027": [.iban],
            "HS-1036": [.phone], "HS-1043": [.email], "HS-1054": [.phone, .phone], "HS-1062": [.email],
            "HS-1083": [.email, .phone], "HS-1102": [.card], "HS-1103": [.email], "HS-1105": [.email],
            "HS-1128": [.phone], "HS-1152": [.iban], "HS-1153": [.ip, .ip], "HS-1180": [.iban],
            "HS-1187": [.ip], "HS-1201": [.phone], "HS-1205": [.email], "HS-1209": [.email, .email],
            "HS-1218": [.card], "HS-1219": [.iban], "HS-1233": [.phone], "HS-1256": [.email],
            "HS-1289": [.card], "HS-1300": [.phone], "HS-1311": [.ssn], "HS-1312": [.ip],
            "HS-1313": [.ip], "HS-1320": [.phone],
        ]
        let scanner = PIIScanner()
        for ticket in try tickets() {
            let kinds = scanner.matches(in: ticket.subject + "\n" + ticket.body).map(\.kind)
            XCTAssertEqual(kinds, expected[ticket.id] ?? [], "\(ticket.id): \(ticket.body.prefix(60))")
        }
    }
}

/// A strict RFC 4180 reader for the test: quoted fields may hold commas, line breaks and
/// doubled quotes; a quote inside an unquoted field or an unterminated quote is an error.
private enum RFC4180 {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func records(in text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var characters = Array(text.unicodeScalars)[...]
        var line = 1
        while let scalar = characters.popFirst() {
            switch scalar {
            case "\"" where field.isEmpty:
                // Quoted field: read to the closing quote, unfolding doubled quotes.
                var closed = false
                while let inner = characters.popFirst() {
                    if inner == "\"" {
                        if characters.first == "\"" { characters.removeFirst(); field.unicodeScalars.append("\"") }
                        else { closed = true; break }
                    } else {
                        if inner == "\n" { line += 1 }
                        field.unicodeScalars.append(inner)
                    }
                }
                guard closed else { throw Failure(message: "line \(line): unterminated quoted field") }
                guard let next = characters.first, next == "," || next == "\r" || next == "\n" else {
                    if characters.isEmpty { continue }
                    throw Failure(message: "line \(line): text after a closing quote")
                }
            case "\"":
                throw Failure(message: "line \(line): quote inside an unquoted field")
            case ",":
                record.append(field)
                field = ""
            case "\r":
                guard characters.popFirst() == "\n" else { throw Failure(message: "line \(line): CR without LF") }
                fallthrough
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                line += 1
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
