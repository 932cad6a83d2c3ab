// US social security numbers, only in their written form AAA-GG-SSSS (or with single spaces):
// nine bare digits are far more often an order or tracking number than an SSN.
// Numbers the SSA never issues are not matched: area 000, 666 or 900–999, group 00,
// serial 0000.

enum SSNScanner {
    static func candidates(in runs: [DigitRun], bytes: [UInt8]) -> [PIICandidate] {
        var found: [PIICandidate] = []
        for run in runs {
            let windows = run.matchingWindows { window in
                guard window.digitCount == 9, window.groupCount == 3, !window.hasPlus, !window.hasParentheses,
                      window.groups.map(\.digitCount) == [3, 2, 4] else { return false }
                let joints = window.joints
                guard joints == [.dash, .dash] || joints == [.space, .space] else { return false }
                return isIssuable(area: window.groupValue(0, in: bytes),
                                  group: window.groupValue(1, in: bytes),
                                  serial: window.groupValue(2, in: bytes))
            }
            found += windows.map { $0.candidate(.ssn) }
        }
        return found
    }

    /// Whether an SSN with these parts can have been issued.
    static func isIssuable(area: Int, group: Int, serial: Int) -> Bool {
        area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}
