import DendriteCore
import DendriteData

extension Model {
    /// Writes `length` tokens of text after `seed` with a next-token model trained on the ids of
    /// `vectorization` (by default the model's own ``textVectorization``): characters with
    /// `split: .character`, words with `.whitespace`.
    ///
    /// The seed is standardized and split as the vectorization does it, each token looked up, and
    /// ``generate(seed:length:strategy:fromLogits:excluding:generator:)`` writes the ids; padding
    /// (`""`) and `[UNK]` are never written. Characters are joined as they are, words with a space.
    ///
    /// ```swift
    /// var generator = RandomGenerator(seed: 1)
    /// let more = try model.generate(text: "to be, or not", length: 200, strategy: .temperature(0.8),
    ///                               generator: &generator)
    /// ```
    /// - Returns: the new text only (add it to the seed to read both).
    /// - Throws: ``DendriteError`` if there is no vectorization, it is not an `int` one with a split and
    ///   no n-grams, its vocabulary is not the model's output, the seed has no token after
    ///   standardizing or a token not in the vocabulary, or what token generation throws.
    public func generate(text seed: String, length: Int, strategy: SamplingStrategy = .greedy,
                         vectorization: TextVectorization? = nil, fromLogits: Bool = false,
                         generator: inout RandomGenerator) throws -> String {
        guard let vectorization = vectorization ?? textVectorization else {
            throw DendriteError.argument("generate: \(name) has no textVectorization to turn text into ids; pass the TextVectorization it was trained with")
        }
        guard vectorization.outputMode == .int, let split = vectorization.split, vectorization.ngrams == nil else {
            throw DendriteError.argument("generate: the TextVectorization must give ids of single tokens (outputMode .int, a split, no ngrams); it has outputMode .\(vectorization.outputMode), split \(vectorization.split.map { ".\($0)" } ?? "nil"), ngrams \(vectorization.ngrams.map { "\($0)" } ?? "nil")")
        }
        let vocabulary = vectorization.vocabulary()
        let reserved = vocabulary.count - vectorization.vocabulary(includeSpecialTokens: false).count
        let written = try generate(tokens: vectorization.tokens(of: seed), length: length, strategy: strategy,
                                   vocabulary: vocabulary, reserved: reserved, fromLogits: fromLogits, generator: &generator)
        return written.joined(separator: split == .character ? "" : " ")
    }

    /// Writes `length` tokens after `seed` with a next-token model trained on the ids of `lookup`
    /// (a ``StringLookup`` with `int` output): each seed token is looked up, the model writes ids
    /// (never the mask or out-of-vocabulary ones), and they are looked up back.
    /// - Throws: ``DendriteError`` for a lookup that is inverted or not `int`, an empty seed, a token
    ///   not in the vocabulary, or what token generation throws.
    public func generate(tokens seed: [String], length: Int, strategy: SamplingStrategy = .greedy,
                         lookup: StringLookup, fromLogits: Bool = false,
                         generator: inout RandomGenerator) throws -> [String] {
        guard lookup.outputMode == .int, !lookup.invert else {
            throw DendriteError.argument("generate: the StringLookup must map tokens to ids (outputMode .int, invert false)")
        }
        let vocabulary = lookup.vocabulary()
        let reserved = vocabulary.count - lookup.vocabulary(includeSpecialTokens: false).count
        return try generate(tokens: seed, length: length, strategy: strategy, vocabulary: vocabulary,
                            reserved: reserved, fromLogits: fromLogits, generator: &generator)
    }

    /// Token generation on strings: `vocabulary[id]` is id's token, the first `reserved` ids
    /// (padding, mask, out-of-vocabulary) are never written.
    private func generate(tokens seed: [String], length: Int, strategy: SamplingStrategy, vocabulary: [String],
                          reserved: Int, fromLogits: Bool, generator: inout RandomGenerator) throws -> [String] {
        guard !seed.isEmpty else {
            throw DendriteError.argument("generate: the seed has no tokens (after standardizing and splitting); give at least one")
        }
        if let outputs = outputShapes, outputs.count == 1, let width = outputs[0].last, width != vocabulary.count {
            throw DendriteError.shape("generate: \(name) scores \(width) tokens but the vocabulary has \(vocabulary.count) (reserved ones included); the model's last layer must have one unit per vocabulary entry")
        }
        // Ids by UTF-8 bytes, as the lookups tell tokens apart (Swift's == would merge é and e + U+0301).
        var ids: [[UInt8]: Int] = [:]
        for (id, token) in vocabulary.enumerated().dropFirst(reserved) { ids[Array(token.utf8)] = id }
        let seedIds = try seed.enumerated().map { position, token in
            guard let id = ids[Array(token.utf8)] else {
                throw DendriteError.argument("generate: seed token \"\(token)\" (token \(position) of the seed) is not in the vocabulary of \(vocabulary.count - reserved) tokens")
            }
            return id
        }
        let written = try generate(seed: seedIds, length: length, strategy: strategy, fromLogits: fromLogits,
                                   excluding: Set(0..<reserved), generator: &generator)
        return written.map { vocabulary[$0] }
    }
}
