/// How a request was cut to fit a model's context: its head and tail kept,
/// the middle replaced by a marker the model sees.
public struct RequestShortening: Sendable, Equatable {
    /// Tokens of the request before and after the cut.
    public var originalTokens: Int
    public var keptTokens: Int
    /// Who needed the cut: `specialist billing`, `auditor`.
    public var role: String
    /// The context the prompt had to fit, in tokens.
    public var budget: Int

    /// The reason carried by the result (a shortened request is always reviewed).
    public var reason: PolicyReason {
        PolicyReason(.requestShortened, "request shortened from \(originalTokens) to \(keptTokens) tokens to fit the \(role)'s context (\(budget) tokens)")
    }
}

/// A prompt's token ids, with the shortening of its request when it had to be cut.
struct FittedPrompt {
    var ids: [Int32]
    var shortening: RequestShortening?
}

/// Fits a prompt around a request into a token budget by cutting the middle of
/// the request: the head (greeting, the problem) and the tail (the latest
/// message, the question) are what a reader needs most.
enum PromptFitting {
    /// Tokens left for the marker and tokenization differences after the cut.
    static let slack = 24
    /// Below this many request tokens a cut request is no longer a request.
    static let minimumKept = 16

    /// - Parameters:
    ///   - request: the request text.
    ///   - budget: the most prompt tokens allowed.
    ///   - role: who needs the prompt, for the reason and errors (`specialist billing`).
    ///   - count: counts the tokens of a text.
    ///   - build: the prompt's token ids around a request text.
    static func fit(request: String, budget: Int, role: String, count: (String) -> Int,
                    build: (String) throws -> [Int32]) throws -> FittedPrompt {
        let whole = try build(request)
        if whole.count <= budget { return FittedPrompt(ids: whole, shortening: nil) }
        let requestTokens = max(1, count(request))
        let overhead = max(0, whole.count - requestTokens)
        let room = budget - overhead - slack
        guard room >= minimumKept else {
            throw SwarmRuntimeError.promptDoesNotFit(role: role, overhead: overhead, budget: budget)
        }
        let characters = Array(request)
        var keep = characters.count * room / requestTokens
        // Token density varies along a text: shrink until the prompt fits (a few rounds at most).
        for _ in 0..<8 {
            let text = cut(characters, keeping: keep)
            let ids = try build(text)
            if ids.count <= budget {
                return FittedPrompt(ids: ids, shortening: RequestShortening(originalTokens: requestTokens, keptTokens: count(text),
                                                                             role: role, budget: budget))
            }
            let over = Double(ids.count - budget) / Double(max(1, ids.count - overhead))
            keep = Int(Double(keep) * (1 - over) * 0.95)
            guard keep > 0 else { break }
        }
        throw SwarmRuntimeError.promptDoesNotFit(role: role, overhead: overhead, budget: budget)
    }

    /// The first and last `keeping / 2` characters with a marker between them.
    static func cut(_ characters: [Character], keeping: Int) -> String {
        guard keeping < characters.count else { return String(characters) }
        let head = keeping - keeping / 2
        let tail = keeping / 2
        let removed = characters.count - head - tail
        return String(characters[..<head]) + "\n\n[… \(removed) characters cut …]\n\n" + String(characters[(characters.count - tail)...])
    }
}
