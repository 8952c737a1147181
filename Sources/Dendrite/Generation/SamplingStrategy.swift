import DendriteCore

/// How ``Model/generate(seed:length:strategy:fromLogits:excluding:generator:)`` picks the next token
/// from the model's scores `s` over the vocabulary (log-probabilities, or logits with `fromLogits`).
///
/// | strategy | picks | KerasHub |
/// |---|---|---|
/// | `.greedy` | `argmax s` (the lowest id on a tie) | `GreedySampler` |
/// | `.temperature(t)` | a draw from `softmax(s / t)` | `RandomSampler(temperature: t)` |
/// | `.topK(k, temperature: t)` | a draw from `softmax(s / t)` over the `k` best tokens only | `TopKSampler(k, temperature: t)` |
///
/// A small temperature sharpens the distribution (as `t → 0` it becomes greedy), a large one
/// flattens it. `k` larger than the vocabulary keeps every token. Draws come from the
/// ``RandomGenerator`` passed in, so the same seed writes the same text.
public enum SamplingStrategy: Sendable, Equatable {
    case greedy
    case temperature(Float)
    case topK(Int, temperature: Float = 1)

    /// Refuses a temperature that is not a finite number > 0 and a `k` below 1.
    public func validate() throws {
        switch self {
        case .greedy: return
        case .temperature(let temperature): try Self.check(temperature)
        case .topK(let k, let temperature):
            guard k >= 1 else { throw DendriteError.argument("generate: top-k sampling needs k ≥ 1, got \(k)") }
            try Self.check(temperature)
        }
    }

    private static func check(_ temperature: Float) throws {
        guard temperature.isFinite, temperature > 0 else {
            throw DendriteError.argument("generate: the temperature must be a finite number > 0, got \(temperature); use .greedy for the most likely token")
        }
    }

    /// The index picked from `scores` (log-probabilities or logits; `-infinity` is never picked).
    /// - Throws: ``DendriteError`` if the strategy is invalid or no score is finite.
    public func pick(from scores: [Double], generator: inout RandomGenerator) throws -> Int {
        try validate()
        let candidates = scores.indices.filter { scores[$0].isFinite }
        guard let best = candidates.max(by: { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }) else {
            throw DendriteError.data("generate: no token can follow: every score is -infinity, NaN or excluded (\(scores.count) scores)")
        }
        switch self {
        case .greedy:
            return best
        case .temperature(let temperature):
            return Self.draw(among: candidates, scores: scores, temperature: Double(temperature), generator: &generator)
        case .topK(let k, let temperature):
            // Sorted by score, ties by id, so that which tokens are the k best does not depend on the sort.
            let ranked = candidates.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            return Self.draw(among: Array(ranked.prefix(k)), scores: scores, temperature: Double(temperature), generator: &generator)
        }
    }

    /// A draw from `softmax(scores[i] / temperature)` over `candidates` (finite scores, not empty).
    private static func draw(among candidates: [Int], scores: [Double], temperature: Double,
                             generator: inout RandomGenerator) -> Int {
        // Subtracting the largest score keeps exp() in range; a weight that underflows to 0 is never drawn.
        let largest = candidates.map { scores[$0] }.max() ?? 0
        let weights = candidates.map { _exp((scores[$0] - largest) / temperature) }
        let total = weights.reduce(0, +)
        let target = Double(generator.next() >> 11) * 0x1p-53 * total
        var cumulative = 0.0
        for (candidate, weight) in zip(candidates, weights) where weight > 0 {
            cumulative += weight
            if target < cumulative { return candidate }
        }
        // Rounding can leave the target at the very top of the sum: the last token with weight wins.
        return candidates.indices.last { weights[$0] > 0 }.map { candidates[$0] } ?? candidates[0]
    }
}
