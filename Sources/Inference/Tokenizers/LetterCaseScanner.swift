/// Tekken's and GPT-4o's regex, which llama.cpp runs with `std::regex` over its
/// "collapsed" text (every non-ASCII character replaced by its class):
///
///     [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+C?
///     |[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*C?
///     |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// with C the optional contraction (GPT-4o only) and `\p{N}` (Tekken) for
/// `\p{N}{1,3}`. Case is known only for ASCII there: any other letter counts
/// as both "not lower case" and "not upper case", and marks are not letters.
/// This reproduces that match, backtracking included, without a regex engine.
extension WordScanner {
    /// A letter that is not `a-z` (the regex's stand-in for `\p{Lu}\p{Lt}\p{Lm}\p{Lo}`).
    private func isUpperish(_ i: Int) -> Bool {
        guard isLetter(i), let c = scalar(i) else { return false }
        return !(c.value >= 0x61 && c.value <= 0x7A)
    }

    /// A letter that is not `A-Z` (the stand-in for `\p{Ll}\p{Lm}\p{Lo}`).
    private func isLowerish(_ i: Int) -> Bool {
        guard isLetter(i), let c = scalar(i) else { return false }
        return !(c.value >= 0x41 && c.value <= 0x5A)
    }

    /// The end of the leftmost-first match at `p`, or nil when no alternative matches.
    func letterCaseWordEnd(at p: Int, contractions: Bool, digitGroup: Int) -> Int? {
        // [^\r\n\p{L}\p{N}]? — only worth taking when a letter follows, so one start suffices.
        let optional = inFragment(p) && !isLineBreak(p) && !isLetter(p) && !isNumber(p)
        let letters = optional ? p + 1 : p
        func withContraction(_ end: Int) -> Int {
            contractions ? (contractionEnd(at: end, anyCase: true) ?? end) : end
        }
        if isLetter(letters) {
            // Upper*Lower+: the greedy upper run gives back characters until a lower one starts.
            let upperEnd = run(from: letters, while: isUpperish)
            if let lowerStart = stride(from: upperEnd, through: letters, by: -1).first(where: isLowerish) {
                return withContraction(run(from: lowerStart, while: isLowerish))
            }
            // Upper+Lower*: the upper run alone (nothing lower follows it).
            if upperEnd > letters { return withContraction(run(from: upperEnd, while: isLowerish)) }
        }
        if isNumber(p) { return min(run(from: p, while: isNumber), p + digitGroup) }
        let lead = scalar(p) == " " && isOther(p + 1) ? p + 1 : p
        if isOther(lead) {
            return run(from: run(from: lead, while: isOther)) { isLineBreak($0) || scalar($0) == "/" }
        }
        let spaceEnd = run(from: p, while: isWhitespace)
        if spaceEnd == p { return nil }
        if let lastBreak = (p..<spaceEnd).last(where: isLineBreak) { return lastBreak + 1 }
        return whitespaceEnd(at: p, count: spaceEnd - p)
    }
}
