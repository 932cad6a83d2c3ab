import XCTest
@testable import TOML

final class TOMLDateTimeTests: XCTestCase {
    func testComponentsAreKeptWithoutLosingPrecisionOrForm() throws {
        let document = try TOMLDocument(parsing: """
            odt = 1979-05-27T00:32:00.999999999-07:00
            ldt = 1979-05-27 07:32:00.5
            ld = 1979-05-27
            lt = 07:32:00
            long = 07:32:00.1234567891234
            """)
        XCTAssertEqual(document["odt"]?.kind, .offsetDateTime(TOMLOffsetDateTime(
            date: TOMLLocalDate(year: 1979, month: 5, day: 27),
            time: TOMLLocalTime(hour: 0, minute: 32, second: 0, nanosecond: 999_999_999),
            offsetMinutes: -420)))
        XCTAssertEqual(document["ldt"]?.kind, .localDateTime(TOMLLocalDateTime(
            date: TOMLLocalDate(year: 1979, month: 5, day: 27),
            time: TOMLLocalTime(hour: 7, minute: 32, second: 0, nanosecond: 500_000_000))))
        XCTAssertEqual(document["ld"]?.kind, .localDate(TOMLLocalDate(year: 1979, month: 5, day: 27)))
        XCTAssertEqual(document["lt"]?.kind, .localTime(TOMLLocalTime(hour: 7, minute: 32, second: 0)))
        // Digits past nanoseconds are truncated, as the spec allows.
        XCTAssertEqual(document["long"]?.kind, .localTime(TOMLLocalTime(hour: 7, minute: 32, second: 0,
                                                                        nanosecond: 123_456_789)))
    }

    func testDescriptionsAreRFC3339WithFractionInGroupsOfThree() {
        let date = TOMLLocalDate(year: 1, month: 2, day: 3)
        XCTAssertEqual(date.description, "0001-02-03")
        XCTAssertEqual(TOMLLocalTime(hour: 7, minute: 8, second: 9, nanosecond: 600_000_000).description, "07:08:09.600")
        XCTAssertEqual(TOMLLocalTime(hour: 7, minute: 8, second: 9, nanosecond: 123_450_000).description, "07:08:09.123450")
        XCTAssertEqual(TOMLLocalTime(hour: 7, minute: 8, second: 9, nanosecond: 1).description, "07:08:09.000000001")
        let time = TOMLLocalTime(hour: 23, minute: 59, second: 60)
        XCTAssertEqual(TOMLOffsetDateTime(date: date, time: time, offsetMinutes: 0).description, "0001-02-03T23:59:60Z")
        XCTAssertEqual(TOMLOffsetDateTime(date: date, time: time, offsetMinutes: -330).description,
                       "0001-02-03T23:59:60-05:30")
        XCTAssertEqual(TOMLLocalDateTime(date: date, time: time).description, "0001-02-03T23:59:60")
    }

    func testCalendarRulesIncludingLeapYears() throws {
        XCTAssertNoThrow(try TOMLDocument(parsing: "a = 2000-02-29\nb = 2024-02-29\nc = 2023-04-30"))
        XCTAssertNotNil(parseError("a = 1900-02-29"))
        XCTAssertNotNil(parseError("a = 2023-04-31"))
        XCTAssertNotNil(parseError("a = 2023-13-01"))
        XCTAssertNotNil(parseError("a = 24:00:00"))
        XCTAssertNotNil(parseError("a = 2023-01-01T00:00:00+24:00"))
        XCTAssertNotNil(parseError("a = 12:30"), "TOML 1.0 requires seconds")
    }
}
