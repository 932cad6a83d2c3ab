import Foundation

/// `rules`: keywords (whole words or phrases, case-insensitive) and regular
/// expressions per domain. Each match is a vote; probabilities are each
/// domain's share of the votes. No match: the strategy abstains.
struct RuleStrategy: RoutingStrategy {
    struct DomainRules: @unchecked Sendable {
        // NSRegularExpression is immutable once built and safe to share.
        let domain: String
        let keywords: [[Substring]]
        let patterns: [NSRegularExpression]
    }

    let name = "rules"
    let rules: [DomainRules]

    init(domains: [DomainSpec]) throws {
        rules = try domains.map { domain in
            DomainRules(
                domain: domain.name,
                keywords: domain.keywords.map { TextFeatures.words($0) }.filter { !$0.isEmpty },
                patterns: try domain.patterns.map { try NSRegularExpression(pattern: $0, options: [.caseInsensitive]) })
        }
    }

    func scores(for text: String) -> [String: Double] {
        let words = TextFeatures.words(text)
        var votes: [String: Double] = [:]
        let range = NSRange(text.startIndex..., in: text)
        for rule in rules {
            var count = 0
            for phrase in rule.keywords where contains(words, phrase) { count += 1 }
            for pattern in rule.patterns where pattern.firstMatch(in: text, range: range) != nil { count += 1 }
            if count > 0 { votes[rule.domain] = Double(count) }
        }
        let total = votes.values.reduce(0, +)
        guard total > 0 else { return [:] }
        return votes.mapValues { $0 / total }
    }

    private func contains(_ words: [Substring], _ phrase: [Substring]) -> Bool {
        guard phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if zip(words[start...], phrase).allSatisfy({ $0 == $1 }) { return true }
        }
        return false
    }
}
