/// The rule that keeps speculative decoding exact (Leviathan et al. 2023; Chen et al.
/// 2023): a token the draft proposed with probability q(x) is kept with probability
/// min(1, p(x) / q(x)), p being the target's distribution at that position; when it
/// is not, the token is drawn from the residual max(0, p − q), renormalised. Every
/// emitted token is then distributed exactly as p, whatever the draft proposes.
///
/// Greedy distributions are one-hot, so the rule reduces to "keep the proposal when
/// it is the target's argmax, else emit the argmax" — output identical to decoding
/// without a draft — and draws nothing.
enum SpeculativeAcceptance {
    enum Verdict: Equatable {
        case accepted
        /// The proposal was rejected; this token replaces it and ends the round.
        case replaced(by: Int32)
    }

    /// Whether `proposal`, drawn from `draft`, is kept under `target`; `uniform`
    /// gives numbers in [0, 1) (called at most twice).
    static func verify(_ proposal: Int32, draft: TokenDistribution, target: TokenDistribution,
                       uniform: () -> Float) -> Verdict {
        let p = target.probability(of: proposal), q = draft.probability(of: proposal)
        if p > 0, p >= q { return .accepted }
        if p > 0, uniform() < p / q { return .accepted }
        if target.isGreedy { return .replaced(by: target.candidates[0].id) }
        // The residual max(0, p − q) over the target's candidates.
        let targetTotal = target.total, draftTotal = draft.total
        var draftProbability: [Int32: Float] = [:]
        for candidate in draft.candidates { draftProbability[candidate.id, default: 0] += candidate.value / draftTotal }
        let residual = target.candidates.map { candidate in
            Sampler.Candidate(id: candidate.id, value: max(0, candidate.value / targetTotal - draftProbability[candidate.id, default: 0]))
        }
        let left = TokenDistribution(candidates: residual, greedy: false)
        // Only rounding can leave no residual mass (p and q equal); p itself is then exact.
        if left.total <= 0 { return .replaced(by: target.draw(uniform())) }
        return .replaced(by: left.draw(uniform()))
    }
}
