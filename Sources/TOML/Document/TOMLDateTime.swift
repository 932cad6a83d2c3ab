// TOML's four date-time forms, kept as the components written in the file. They deliberately do
// not go through Foundation's Date: that would lose nanoseconds, the written offset, and the
// local (zone-less) forms, which have no instant at all.

/// A calendar date without time or offset (`1979-05-27`).
public struct TOMLLocalDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}

/// A time of day without date or offset (`07:32:00.999999`).
public struct TOMLLocalTime: Sendable, Hashable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int
    /// 0…60 (60 only for a leap second).
    public var second: Int
    /// Fractional seconds; digits beyond nanoseconds are truncated, as TOML allows.
    public var nanosecond: Int

    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// `HH:MM:SS` with a fraction of 3, 6 or 9 digits when there is one (`.600`, `.123456`).
    public var description: String {
        var text = "\(padded(hour, 2)):\(padded(minute, 2)):\(padded(second, 2))"
        if nanosecond > 0 {
            var digits = padded(nanosecond, 9)
            // Drop whole groups of three trailing zeros: 600000000 → 600, 123456000 → 123456.
            while digits.count > 3 && digits.hasSuffix("000") { digits.removeLast(3) }
            text += "." + digits
        }
        return text
    }
}

/// A date and time without offset (`1979-05-27T07:32:00`): a wall-clock reading, not an instant.
public struct TOMLLocalDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: TOMLLocalDate
    public var time: TOMLLocalTime

    public init(date: TOMLLocalDate, time: TOMLLocalTime) {
        self.date = date
        self.time = time
    }

    /// RFC 3339 with `T` as separator.
    public var description: String { "\(date)T\(time)" }
}

/// A date and time with a UTC offset (`1979-05-27T07:32:00-07:00`): an instant.
public struct TOMLOffsetDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: TOMLLocalDate
    public var time: TOMLLocalTime
    /// Minutes east of UTC as written (`-07:00` is -420; `Z` is 0).
    public var offsetMinutes: Int

    public init(date: TOMLLocalDate, time: TOMLLocalTime, offsetMinutes: Int) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// RFC 3339 with `T` as separator and `Z` for a zero offset.
    public var description: String {
        guard offsetMinutes != 0 else { return "\(date)T\(time)Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        return "\(date)T\(time)\(sign)\(padded(magnitude / 60, 2)):\(padded(magnitude % 60, 2))"
    }
}

/// Decimal digits of a non-negative number, left-padded with zeros to `width`.
private func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
