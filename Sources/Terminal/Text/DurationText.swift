/// Short human durations for tables and progress bars: `42s`, `7m`, `3h05m`, `2d`.
public enum DurationText {
    /// `seconds` in the largest sensible unit; negative or non-finite values read "-".
    public static func compact(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        let s = Int(seconds.rounded(.down))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + (s < 600 ? format2(s % 60) + "s" : "") }
        if s < 86_400 { return "\(s / 3600)h" + format2(s % 3600 / 60) + "m" }
        return "\(s / 86_400)d"
    }

    /// `seconds` as a clock: `0:42`, `12:05`, `1:02:03` (for ETAs).
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600):" + format2(s % 3600 / 60) + ":" + format2(s % 60) }
        return "\(s / 60):" + format2(s % 60)
    }

    private static func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
