import DendriteCore

extension Model {
    /// Writes `length` tokens after `seed` with a next-token model, one at a time: each new token is
    /// picked by `strategy` from the model's output for the tokens so far, then appended.
    ///
    /// The model takes ids `[batch, steps]` (one input of fixed `steps`, such as
    /// `Input(shape: [steps])` before an `Embedding`) and gives, for vocabulary size `V`, either
    /// - `[batch, V]`, the next token after the window (an LSTM language model): the last `steps`
    ///   tokens go in, a shorter context padded with id 0 in front (as `padSequences` does by default), or
    /// - `[batch, steps, V]`, the next token after every position (a causal Transformer decoder): the
    ///   last `steps` tokens go in, a shorter context padded with 0 at the end, and the scores at the
    ///   last real token are read (a causal model's padding after it cannot change them).
    ///
    /// The outputs are probabilities (a softmax, as Keras' text-generation examples use) or, with
    /// `fromLogits`, logits.
    ///
    /// ```swift
    /// var generator = RandomGenerator(seed: 7)
    /// let next = try model.generate(seed: [12, 5, 9], length: 20, strategy: .topK(5), generator: &generator)
    /// ```
    /// - Parameters:
    ///   - seed: the starting ids (at least one), each in `0..<V`.
    ///   - length: how many tokens to write (≥ 0).
    ///   - strategy: greedy (default), temperature or top-k sampling; see ``SamplingStrategy``.
    ///   - fromLogits: the outputs are logits rather than probabilities (default false).
    ///   - excluding: ids never written (such as padding and out-of-vocabulary ids).
    ///   - generator: the source of the random draws.
    /// - Returns: the `length` new ids (the seed not included).
    /// - Throws: ``DendriteError`` for an empty seed, an id outside the vocabulary, a negative
    ///   length, an invalid strategy, a model whose input or output is not of the shapes above,
    ///   outputs that are not probabilities (without `fromLogits`), or nothing left to pick.
    public func generate(seed: [Int], length: Int, strategy: SamplingStrategy = .greedy, fromLogits: Bool = false,
                         excluding: Set<Int> = [], generator: inout RandomGenerator) throws -> [Int] {
        try strategy.validate()
        guard !seed.isEmpty else { throw DendriteError.argument("generate: the seed is empty; give at least one token to start from") }
        guard length >= 0 else { throw DendriteError.argument("generate: length must be ≥ 0, got \(length)") }
        guard let inputShapes, inputShapes.count == 1, inputShapes[0].count == 1, inputShapes[0][0] >= 1 else {
            throw DendriteError.shape("generate: \(name) must take one input of token ids [batch, steps]; its inputs are \(inputShapes.map { "\($0)" } ?? "not built")")
        }
        let steps = inputShapes[0][0]
        // The output's rank tells the two kinds of model apart; its width is the vocabulary.
        guard let outputs = outputShapes, outputs.count == 1,
              outputs[0].count == 1 || (outputs[0].count == 2 && outputs[0][0] == steps), let vocabulary = outputs[0].last else {
            throw DendriteError.shape("generate: \(name) must give one output of next-token scores, [batch, vocabulary] or [batch, \(steps), vocabulary]; its outputs are \(outputShapes.map { "\($0)" } ?? "unknown")")
        }
        for (position, id) in seed.enumerated() where !(0..<vocabulary).contains(id) {
            throw DendriteError.argument("generate: seed token \(id) at position \(position) is outside the model's vocabulary of \(vocabulary) ids (0..<\(vocabulary))")
        }
        var tokens = seed
        for _ in 0..<length {
            let scores = try nextTokenScores(after: tokens, steps: steps, perPosition: outputs[0].count == 2,
                                             vocabulary: vocabulary, fromLogits: fromLogits, excluding: excluding)
            tokens.append(try strategy.pick(from: scores, generator: &generator))
        }
        return Array(tokens.dropFirst(seed.count))
    }

    /// ``generate(seed:length:strategy:fromLogits:excluding:generator:)`` with a generator seeded by `randomSeed`.
    public func generate(seed: [Int], length: Int, strategy: SamplingStrategy = .greedy, fromLogits: Bool = false,
                         excluding: Set<Int> = [], randomSeed: UInt64 = 0) throws -> [Int] {
        var generator = RandomGenerator(seed: randomSeed)
        return try generate(seed: seed, length: length, strategy: strategy, fromLogits: fromLogits,
                            excluding: excluding, generator: &generator)
    }

    /// The model's scores for the token after `tokens`, as log-probabilities (or logits), with the
    /// excluded ids at -infinity.
    private func nextTokenScores(after tokens: [Int], steps: Int, perPosition: Bool, vocabulary: Int,
                                 fromLogits: Bool, excluding: Set<Int>) throws -> [Double] {
        let context = tokens.suffix(steps).map(Float.init)
        let padding = [Float](repeating: 0, count: steps - context.count)
        let window = Tensor(shape: [1, steps], scalars: perPosition ? context + padding : padding + context)
        let output = try predict(window, batchSize: 1).scalars
        let row = perPosition ? Array(output[((context.count - 1) * vocabulary)..<(context.count * vocabulary)]) : output
        return try row.enumerated().map { id, value in
            if excluding.contains(id) { return -Double.infinity }
            if fromLogits { return Double(value) }
            guard value >= 0, value.isFinite else {
                throw DendriteError.data("generate: \(name)'s output \(value) for token \(id) is not a probability; pass fromLogits: true for a model that gives logits")
            }
            return _log(Double(value))
        }
    }
}
