// RFC 3339 date-times as TOML 1.0 allows them: offset and local date-times, local dates, local
// times. `T`, `t` or a space separates date and time; seconds are required; fractions beyond
// nanoseconds are truncated.

extension TOMLScanner {
    /// Whether the cursor is at `DDDD-` (a date) or `DD:` (a time) rather than a number.
    var isAtDateOrTime: Bool {
        guard let first = peek(), ASCII.isDigit(first), let second = peek(1), ASCII.isDigit(second) else {
            return false
        }
        if peek(2) == ASCII.colon { return true }
        guard let third = peek(2), ASCII.isDigit(third), let fourth = peek(3), ASCII.isDigit(fourth) else {
            return false
        }
        return peek(4) == ASCII.minus
    }

    /// A date-time, date or time at the cursor (`isAtDateOrTime` is true).
    mutating func scanDateTime() throws(TOMLError) -> TOMLValue.Kind {
        if peek(2) == ASCII.colon {
            return .localTime(try scanTime())
        }
        let date = try scanDate()
        let hasTime: Bool
        switch peek() {
        case UInt8(ascii: "T")?, UInt8(ascii: "t")?:
            hasTime = true
        case ASCII.space?:
            // A space separates date and time only when a time follows; otherwise the date ends.
            hasTime = peek(1).map(ASCII.isDigit) ?? false
        default:
            hasTime = false
        }
        guard hasTime else { return .localDate(date) }
        advance()
        let time = try scanTime()
        switch peek() {
        case UInt8(ascii: "Z")?, UInt8(ascii: "z")?:
            advance()
            return .offsetDateTime(TOMLOffsetDateTime(date: date, time: time, offsetMinutes: 0))
        case ASCII.plus?, ASCII.minus?:
            let start = position
            let sign = peek() == ASCII.minus ? -1 : 1
            advance()
            let hours = try scanDigits(2, "a 2-digit offset hour")
            try expect(ASCII.colon, "':' between offset hours and minutes")
            let minutes = try scanDigits(2, "a 2-digit offset minute")
            guard hours <= 23, minutes <= 59 else {
                throw .invalidValue("offset \(hours):\(minutes) is out of range (-23:59 to +23:59)", at: start)
            }
            return .offsetDateTime(TOMLOffsetDateTime(date: date, time: time, offsetMinutes: sign * (hours * 60 + minutes)))
        default:
            return .localDateTime(TOMLLocalDateTime(date: date, time: time))
        }
    }

    /// `YYYY-MM-DD`, checked against the calendar (leap years included).
    private mutating func scanDate() throws(TOMLError) -> TOMLLocalDate {
        let start = position
        let year = try scanDigits(4, "a 4-digit year")
        try expect(ASCII.minus, "'-' after the year")
        let month = try scanDigits(2, "a 2-digit month")
        try expect(ASCII.minus, "'-' after the month")
        let day = try scanDigits(2, "a 2-digit day")
        guard (1...12).contains(month) else {
            throw .invalidValue("month \(month) is out of range (01 to 12)", at: start)
        }
        let days = Self.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            throw .invalidValue("day \(day) is out of range (01 to \(days)) for \(year)-\(month < 10 ? "0" : "")\(month)",
                                at: start)
        }
        return TOMLLocalDate(year: year, month: month, day: day)
    }

    /// `HH:MM:SS[.fraction]`.
    private mutating func scanTime() throws(TOMLError) -> TOMLLocalTime {
        let start = position
        let hour = try scanDigits(2, "a 2-digit hour")
        try expect(ASCII.colon, "':' after the hour")
        let minute = try scanDigits(2, "a 2-digit minute")
        try expect(ASCII.colon, "':' after the minute (TOML 1.0 requires seconds)")
        let second = try scanDigits(2, "2-digit seconds")
        var nanosecond = 0
        if peek() == ASCII.dot {
            advance()
            guard let first = peek(), ASCII.isDigit(first) else {
                throw unexpected("digits after the decimal point of the seconds")
            }
            var scale = 100_000_000
            while let digit = peek(), ASCII.isDigit(digit) {
                nanosecond += Int(digit &- UInt8(ascii: "0")) * scale  // digits past 9 add 0: truncated
                scale /= 10
                advance()
            }
        }
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw .invalidValue("time \(hour):\(minute):\(second) is out of range (hours 00-23, minutes 00-59, "
                                + "seconds 00-60)", at: start)
        }
        return TOMLLocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    /// Exactly `count` decimal digits.
    private mutating func scanDigits(_ count: Int, _ what: String) throws(TOMLError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard let digit = peek(), ASCII.isDigit(digit) else { throw unexpected(what) }
            value = value * 10 + Int(digit &- UInt8(ascii: "0"))
            advance()
        }
        return value
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(TOMLError) {
        guard peek() == byte else { throw unexpected(what) }
        advance()
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}
