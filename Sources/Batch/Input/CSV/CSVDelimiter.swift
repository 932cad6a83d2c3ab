/// The field delimiters CSV exports use, and how to tell which one a file uses.
enum CSVDelimiter {
    /// In order of preference when counts tie: comma, semicolon (European Excel), tab, pipe.
    static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]

    /// The candidate that occurs most often outside quotes in the header row; comma when none
    /// occurs (a one-column file).
    static func detect(inHeader header: some Collection<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in header {
            if byte == 0x22 {
                // A doubled quote toggles twice, so it leaves the state unchanged.
                inQuotes.toggle()
            } else if !inQuotes, let index = candidates.firstIndex(of: byte) {
                counts[index] += 1
            }
        }
        var best = 0
        for index in counts.indices where counts[index] > counts[best] {
            best = index
        }
        return candidates[best]
    }

    /// A name for messages: `','`, `tab`.
    static func name(_ delimiter: UInt8) -> String {
        delimiter == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }
}
