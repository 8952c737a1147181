import Foundation
import Testing
@testable import Dendrite

/// Greedy, temperature and top-k picks from fixed scores: greedy is the argmax, a temperature near 0
/// is greedy, top-k never leaves the k best, and draw frequencies match the softmax distribution
/// (Pearson's χ² against the expected counts).
@Suite struct SamplingStrategyTests {
    /// Log-probabilities of a 6-token distribution with distinct values.
    static let probabilities: [Double] = [0.05, 0.30, 0.10, 0.25, 0.18, 0.12]
    static let scores = probabilities.map { Foundation.log($0) }

    /// The draw counts of `draws` picks.
    static func counts(_ strategy: SamplingStrategy, scores: [Double] = scores, draws: Int, seed: UInt64) throws -> [Int] {
        var generator = RandomGenerator(seed: seed)
        var counts = [Int](repeating: 0, count: scores.count)
        for _ in 0..<draws { counts[try strategy.pick(from: scores, generator: &generator)] += 1 }
        return counts
    }

    /// softmax(scores / temperature) over `kept` ids, 0 elsewhere.
    static func expected(temperature: Double, kept: Set<Int>) -> [Double] {
        let weights = scores.enumerated().map { kept.contains($0.offset) ? Foundation.exp($0.element / temperature) : 0 }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// Pearson's χ² of `counts` against `probabilities` over the ids with probability > 0.
    static func chiSquare(_ counts: [Int], _ probabilities: [Double]) -> Double {
        let draws = Double(counts.reduce(0, +))
        return zip(counts, probabilities).filter { $0.1 > 0 }.reduce(0) { sum, pair in
            let expected = draws * pair.1
            return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
        }
    }

    @Test func greedyPicksTheLargestScoreAndTheLowestIdOnATie() throws {
        var generator = RandomGenerator(seed: 0)
        #expect(try SamplingStrategy.greedy.pick(from: Self.scores, generator: &generator) == 1)
        #expect(try SamplingStrategy.greedy.pick(from: [0.5, 2, -.infinity, 2], generator: &generator) == 1)
        #expect(try SamplingStrategy.greedy.pick(from: [-.infinity, -3, .nan], generator: &generator) == 1)
    }

    @Test func aTemperatureNearZeroIsGreedy() throws {
        for temperature: Float in [1e-3, 1e-6] {
            let counts = try Self.counts(.temperature(temperature), draws: 500, seed: 3)
            #expect(counts == [0, 500, 0, 0, 0, 0])
            #expect(try Self.counts(.topK(4, temperature: temperature), draws: 200, seed: 4) == [0, 200, 0, 0, 0, 0])
        }
    }

    @Test func temperatureDrawsFollowTheSoftmaxOfTheScaledScores() throws {
        // χ² with 5 degrees of freedom exceeds 20.5 with probability 0.001.
        for temperature in [1.0, 0.5, 2.0] {
            let counts = try Self.counts(.temperature(Float(temperature)), draws: 20_000, seed: 11)
            let expected = Self.expected(temperature: temperature, kept: Set(0..<6))
            #expect(Self.chiSquare(counts, expected) < 20.5, "temperature \(temperature): \(counts) vs \(expected)")
        }
        // Temperature 1 samples the model's own distribution.
        #expect(Self.expected(temperature: 1, kept: Set(0..<6)).enumerated().allSatisfy {
            abs($0.element - Self.probabilities[$0.offset]) < 1e-12
        })
    }

    @Test func topKNeverPicksOutsideTheKBestAndFollowsTheirSoftmax() throws {
        // The two best are ids 1 (0.30) and 3 (0.25); the three best add id 4 (0.18).
        for (k, best) in [(1, Set([1])), (2, Set([1, 3])), (3, Set([1, 3, 4]))] {
            for temperature in [1.0, 3.0] {
                let counts = try Self.counts(.topK(k, temperature: Float(temperature)), draws: 10_000, seed: UInt64(k))
                for id in 0..<6 where !best.contains(id) { #expect(counts[id] == 0, "k \(k): picked id \(id)") }
                // χ² with at most 2 degrees of freedom exceeds 13.8 with probability 0.001.
                #expect(Self.chiSquare(counts, Self.expected(temperature: temperature, kept: best)) < 13.8)
            }
        }
        // k beyond the vocabulary keeps every token.
        let all = try Self.counts(.topK(50), draws: 20_000, seed: 9)
        #expect(Self.chiSquare(all, Self.probabilities) < 20.5)
    }

    @Test func excludedScoresAreNeverDrawn() throws {
        var scores = Self.scores
        scores[1] = -.infinity
        scores[3] = -.infinity
        let counts = try Self.counts(.temperature(5), scores: scores, draws: 5_000, seed: 2)
        #expect(counts[1] == 0 && counts[3] == 0)
        #expect(counts.reduce(0, +) == 5_000)
    }

    @Test func theSameSeedDrawsTheSameTokens() throws {
        #expect(try Self.counts(.topK(3, temperature: 0.7), draws: 300, seed: 5)
                == Self.counts(.topK(3, temperature: 0.7), draws: 300, seed: 5))
    }

    @Test(arguments: [
        (SamplingStrategy.topK(0), "top-k sampling needs k ≥ 1, got 0"),
        (.topK(-2, temperature: 1), "top-k sampling needs k ≥ 1, got -2"),
        (.temperature(0), "the temperature must be a finite number > 0, got 0.0"),
        (.temperature(-1), "the temperature must be a finite number > 0, got -1.0"),
        (.temperature(.nan), "the temperature must be a finite number > 0, got nan"),
        (.topK(3, temperature: .infinity), "the temperature must be a finite number > 0, got inf"),
    ])
    func badStrategiesAreRefused(strategy: SamplingStrategy, message: String) throws {
        var generator = RandomGenerator(seed: 0)
        let error = #expect(throws: DendriteError.self) { try strategy.pick(from: Self.scores, generator: &generator) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func nothingToPickIsAnError() throws {
        var generator = RandomGenerator(seed: 0)
        let error = #expect(throws: DendriteError.self) {
            try SamplingStrategy.temperature(1).pick(from: [-.infinity, .nan], generator: &generator)
        }
        #expect(error?.message.contains("no token can follow") == true)
    }
}
