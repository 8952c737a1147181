/// Maps strings to integer indices through a vocabulary, as Keras' `StringLookup` (shared core:
/// Keras' `IndexLookup`, see there for the index layout, `adapt`'s order and tf-idf).
///
/// With the defaults, index 0 is the OOV token `"[UNK]"` and the vocabulary starts at 1. A
/// `maskToken` (often `""`) takes index 0 in `int` output and shifts the rest by one.
///
/// ```swift
/// var lookup = try StringLookup()
/// try lookup.adapt(["the", "ghost", "the", "king"])
/// lookup.vocabulary()                       // ["[UNK]", "the", "king", "ghost"]
/// try lookup([["the", "ghost"], ["a", "king"]])   // [[1, 3], [0, 2]]
/// let words = try StringLookup(vocabulary: lookup.vocabulary(), invert: true)
/// try words(Tensor([[1, 3]]))              // [["the", "ghost"]]
/// ```
///
/// Shapes: a list of tokens `[n]` gives `[n]` ids (`int`), `[n, depth]` (`oneHot`) or one row
/// `[depth]` (`multiHot`, `count`, `tfIdf`); rows `[[String]]` give `[rows, length]`,
/// `[rows, length, depth]` (`[rows, depth]` for rows of one token) or `[rows, depth]`. Ids are
/// `Float`s, as ``Tensor`` holds them. Strings are compared by their UTF-8 bytes, as in Keras.
public struct StringLookup: Sendable, Equatable {
    var core: IndexLookup<String>

    /// - Parameters:
    ///   - maxTokens: the largest vocabulary, reserved indices included (> 1); nil for no limit.
    ///   - numOOVIndices: indices for unknown tokens (default 1); with several, a token's FarmHash
    ///     picks one. With 0, an unknown token is an error.
    ///   - maskToken: a token that means "nothing here" (index 0 in `int` output); nil for none.
    ///   - oovToken: what the inverse lookup gives for an OOV index (default `"[UNK]"`).
    ///   - vocabulary: the tokens, with or without the reserved ones at the start; nil to `adapt`.
    ///   - idfWeights: with a vocabulary and `tfIdf` output, one weight per vocabulary entry.
    ///   - invert: map ids (a `Tensor`) back to tokens instead; `int` output only.
    ///   - outputMode: see ``LookupOutputMode`` (default `int`).
    ///   - padToMaxTokens: give `multiHot`/`count`/`tfIdf` outputs `maxTokens` columns.
    /// - Throws: ``DendriteError`` for settings Keras refuses (`maxTokens` ≤ 1 or no larger than the
    ///   reserved indices, a negative `numOOVIndices`, `invert` without `int` output) and for a bad
    ///   vocabulary (empty, repeated tokens, the mask token inside, more than `maxTokens`).
    public init(maxTokens: Int? = nil, numOOVIndices: Int = 1, maskToken: String? = nil, oovToken: String = "[UNK]",
                vocabulary: [String]? = nil, idfWeights: [Float]? = nil, invert: Bool = false,
                outputMode: LookupOutputMode = .int, padToMaxTokens: Bool = false) throws {
        core = try IndexLookup(owner: "StringLookup", maxTokens: maxTokens, numOOVIndices: numOOVIndices,
                               maskToken: maskToken, oovToken: oovToken, outputMode: outputMode,
                               padToMaxTokens: padToMaxTokens, invert: invert, oovMethod: .floormod,
                               vocabulary: vocabulary, idfWeights: idfWeights)
    }

    public var maxTokens: Int? { core.maxTokens }
    public var numOOVIndices: Int { core.numOOVIndices }
    public var maskToken: String? { core.maskToken }
    public var oovToken: String { core.oovToken }
    public var invert: Bool { core.invert }
    public var outputMode: LookupOutputMode { core.outputMode }
    public var padToMaxTokens: Bool { core.padToMaxTokens }
    /// tf-idf weights, one per output column (nil unless `tfIdf`).
    public var idfWeights: [Float]? { core.idfWeights }
    /// Reserved indices plus vocabulary (Keras' `vocabulary_size()`).
    public var vocabularySize: Int { core.vocabularySize }

    /// Every index's token, reserved ones included (Keras' `get_vocabulary()`).
    public func vocabulary(includeSpecialTokens: Bool = true) -> [String] {
        core.vocabulary(includeSpecialTokens: includeSpecialTokens)
    }

    /// Replaces the vocabulary, as Keras' `set_vocabulary`.
    public mutating func setVocabulary(_ vocabulary: [String], idfWeights: [Float]? = nil) throws {
        try core.setVocabulary(vocabulary, idfWeights: idfWeights)
    }

    /// Learns the vocabulary from tokens, each its own sample (for tf-idf, a document of one token).
    public mutating func adapt(_ tokens: [String]) throws { try core.adapt(tokens.map { [$0] }) }

    /// Learns the vocabulary from samples of tokens (for tf-idf, each sample is a document).
    public mutating func adapt(_ samples: [[String]]) throws { try core.adapt(samples) }

    /// The encoding of one list of tokens (see the type for shapes).
    public func callAsFunction(_ tokens: [String]) throws -> Tensor {
        try requireForward()
        return core.encode(single: try core.indices(of: tokens, row: nil))
    }

    /// The encoding of samples, one row each (see the type for shapes).
    public func callAsFunction(_ samples: [[String]]) throws -> Tensor {
        try requireForward()
        return try core.encode(rows: samples.enumerated().map { try core.indices(of: $1, row: $0) })
    }

    /// The inverse lookup (`invert: true`): ids `[rows, length]` (or one row `[length]`) to tokens.
    public func callAsFunction(_ ids: Tensor) throws -> [[String]] {
        try inverseRows(ids, core: core)
    }

    private func requireForward() throws {
        if core.invert {
            throw DendriteError.argument("StringLookup: this lookup was made with invert: true; it maps ids (a Tensor) to tokens")
        }
    }
}

/// The inverse lookup shared by ``StringLookup`` and ``IntegerLookup``: rows of ids to rows of tokens.
func inverseRows<Token: LookupToken>(_ ids: Tensor, core: IndexLookup<Token>) throws -> [[Token]] {
    guard core.invert else {
        throw DendriteError.argument("\(core.owner): mapping ids to tokens needs a lookup made with invert: true")
    }
    try core.requireVocabulary()
    guard ids.rank == 1 || ids.rank == 2 else {
        throw DendriteError.shape("\(core.owner): ids must be [rows, length] or one row [length], got shape \(ids.shape)")
    }
    let width = ids.shape.last ?? 0
    let values = ids.scalars
    if let index = values.firstIndex(where: { !$0.isFinite || $0 != $0.rounded() || Swift.abs($0) > 0x1p62 }) {
        throw DendriteError.data("\(core.owner): id \(values[index]) at row \(index / Swift.max(width, 1)), position \(index % Swift.max(width, 1)) is not a whole number")
    }
    let rows = ids.rank == 1 ? 1 : ids.shape[0]
    return (0..<rows).map { row in (0..<width).map { core.token(at: Int(values[row * width + $0])) } }
}
