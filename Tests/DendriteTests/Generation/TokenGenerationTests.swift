import Foundation
import Testing
@testable import Dendrite

/// ``Model/generate(seed:length:strategy:fromLogits:excluding:generator:)`` on tiny models whose next
/// token is known: a model with hand-set weights whose greedy chain is a permutation followed by hand,
/// a window model and a per-position model checked against argmax chains computed step by step, a
/// constant-distribution model whose draws must follow the distribution, and the inputs it refuses.
@Suite struct TokenGenerationTests {
    static let vocabulary = 7
    /// Token t is followed by successor[t] in the hand-set model.
    static let successor = [3, 5, 0, 6, 2, 1, 4]

    /// One token in, the next out: Embedding(7, 7) whose row t is 4 at successor[t] and 0 elsewhere, then softmax.
    static func permutationModel() throws -> Model {
        let model = Sequential(seed: 1) {
            Input(shape: [1])
            Embedding(vocabulary, vocabulary)
            Flatten()
            Softmax()
        }
        try model.build(inputShapes: [[1]])
        var table = [Float](repeating: 0, count: vocabulary * vocabulary)
        for (token, next) in successor.enumerated() { table[token * vocabulary + next] = 4 }
        try model.setWeights([Tensor(shape: [vocabulary, vocabulary], scalars: table)])
        return model
    }

    /// Three tokens in, the next out, with random weights.
    static func windowModel(logits: Bool = false) throws -> Model {
        let model = Sequential(seed: 8) {
            Input(shape: [3])
            Embedding(vocabulary, 4)
            Flatten()
            Dense(vocabulary, activation: logits ? .linear : .softmax)
        }
        try model.build(inputShapes: [[3]])
        return model
    }

    static func argmax(_ values: ArraySlice<Float>) -> Int {
        values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }.map { $0 - values.startIndex } ?? -1
    }

    @Test func greedyFollowsTheHandSetChain() throws {
        let model = try Self.permutationModel()
        var expected: [Int] = []
        var token = 2
        for _ in 0..<12 { token = Self.successor[token]; expected.append(token) }
        #expect(try model.generate(seed: [2], length: 12) == expected)
        // Only the last token matters to this model: a longer seed continues from its end.
        #expect(try model.generate(seed: [6, 6, 2], length: 12) == expected)
        #expect(try model.generate(seed: [2], length: 0) == [])
    }

    @Test func greedyEqualsTheArgmaxChainOfAWindowModel() throws {
        for logits in [false, true] {
            let model = try Self.windowModel(logits: logits)
            // The chain by hand: the last three tokens, zeros in front while there are fewer, argmax.
            var tokens = [4]
            for _ in 0..<15 {
                let context = tokens.suffix(3).map(Float.init)
                let window = [Float](repeating: 0, count: 3 - context.count) + context
                let output = try model.predict(Tensor(shape: [1, 3], scalars: window)).scalars
                tokens.append(Self.argmax(output[...]))
            }
            #expect(try model.generate(seed: [4], length: 15, fromLogits: logits) == Array(tokens.dropFirst()))
        }
    }

    @Test func aPerPositionModelIsReadAtTheLastRealToken() throws {
        // Each position's scores depend on its own token only, so the next token after t is the
        // argmax of the scores at position 0 of [t, 0, 0, 0].
        let model = Sequential(seed: 4) {
            Input(shape: [4])
            Embedding(Self.vocabulary, 3)
            Dense(Self.vocabulary, activation: .softmax)
        }
        try model.build(inputShapes: [[4]])
        let firstPosition = try model.predict(Tensor(shape: [Self.vocabulary, 4], scalars: (0..<Self.vocabulary).flatMap {
            [Float($0), 0, 0, 0]
        })).scalars
        let next = (0..<Self.vocabulary).map { t in
            Self.argmax(firstPosition[(t * 4 * Self.vocabulary)..<(t * 4 * Self.vocabulary + Self.vocabulary)])
        }
        var expected: [Int] = [], token = 5
        for _ in 0..<10 { token = next[token]; expected.append(token) }
        #expect(try model.generate(seed: [1, 5], length: 10) == expected)
    }

    @Test func excludedTokensAreNeverWritten() throws {
        let model = try Self.permutationModel()
        // 2 → 0 is the model's choice; with 0 excluded, the next best (all equal) is the lowest other id.
        #expect(try model.generate(seed: [2], length: 1, excluding: [0]) == [1])
        let sampled = try model.generate(seed: [2], length: 200, strategy: .temperature(3), excluding: [0, 3], randomSeed: 5)
        #expect(!sampled.contains(0) && !sampled.contains(3))
    }

    @Test func samplingAModelFollowsItsDistribution() throws {
        // A model whose output ignores its input: softmax(bias) with a zero kernel.
        let probabilities: [Float] = [0.1, 0.4, 0.2, 0.3]
        let model = Sequential(seed: 0) {
            Input(shape: [2])
            Embedding(4, 2)
            Flatten()
            Dense(4, activation: .softmax)
        }
        try model.build(inputShapes: [[2]])
        let weights = model.parameters.map(\.value)
        try model.setWeights([weights[0], Tensor(shape: [4, 4], scalars: Array(repeating: 0, count: 16)),
                              Tensor(probabilities.map { Foundation.log($0) })])
        let draws = 3_000
        let tokens = try model.generate(seed: [1], length: draws, strategy: .temperature(1), randomSeed: 21)
        let counts = (0..<4).map { id in tokens.filter { $0 == id }.count }
        // χ² with 3 degrees of freedom exceeds 16.3 with probability 0.001.
        let chiSquare = zip(counts, probabilities).reduce(0.0) { sum, pair in
            let expected = Double(draws) * Double(pair.1)
            return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
        }
        #expect(chiSquare < 16.3, "\(counts)")
        let topTwo = try model.generate(seed: [1], length: 500, strategy: .topK(2), randomSeed: 3)
        #expect(Set(topTwo).isSubset(of: [1, 3]))
    }

    @Test func badInputsAreClearErrors() throws {
        let model = try Self.windowModel()
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
        }
        #expect(message { try model.generate(seed: [], length: 3) }.contains("the seed is empty"))
        #expect(message { try model.generate(seed: [1, 9], length: 3) }
                .contains("seed token 9 at position 1 is outside the model's vocabulary of 7 ids"))
        #expect(message { try model.generate(seed: [-1], length: 3) }.contains("seed token -1 at position 0"))
        #expect(message { try model.generate(seed: [1], length: -1) }.contains("length must be ≥ 0, got -1"))
        #expect(message { try model.generate(seed: [1], length: 2, strategy: .topK(0)) }.contains("k ≥ 1, got 0"))
        #expect(message { try model.generate(seed: [1], length: 2, strategy: .temperature(0)) }.contains("finite number > 0"))
        // Scores of -1 and 4 without a softmax are logits, not probabilities.
        let logits = Sequential(seed: 0) { Input(shape: [1]); Embedding(Self.vocabulary, Self.vocabulary); Flatten() }
        try logits.build(inputShapes: [[1]])
        var table = [Float](repeating: -1, count: Self.vocabulary * Self.vocabulary)
        for (token, next) in Self.successor.enumerated() { table[token * Self.vocabulary + next] = 4 }
        try logits.setWeights([Tensor(shape: [Self.vocabulary, Self.vocabulary], scalars: table)])
        #expect(message { try logits.generate(seed: [1], length: 2) }
                .contains("output -1.0 for token 0 is not a probability; pass fromLogits: true"))
        #expect(try logits.generate(seed: [1], length: 2, fromLogits: true) == [5, 1])
        let twoInputs = Sequential(seed: 0) { Input(shape: [3, 2]); Flatten(); Dense(4, activation: .softmax) }
        try twoInputs.build(inputShapes: [[3, 2]])
        #expect(message { try twoInputs.generate(seed: [1], length: 2) }.contains("must take one input of token ids [batch, steps]"))
        let everythingExcluded = try Self.permutationModel()
        #expect(message { try everythingExcluded.generate(seed: [1], length: 1, excluding: Set(0..<7)) }.contains("no token can follow"))
    }
}
