/// Maps integers to contiguous indices through a vocabulary, as Keras' `IntegerLookup` (shared
/// core: Keras' `IndexLookup`, see there for the index layout, `adapt`'s order and tf-idf).
///
/// With the defaults, index 0 is the OOV token `-1` and the vocabulary starts at 1. With several
/// OOV indices an unknown value `v` goes to `oovStart + (v mod numOOVIndices)` (`floormod`), or to a
/// FarmHash bucket of its decimal text (`oovMethod: .farmhash`).
///
/// ```swift
/// var lookup = try IntegerLookup()
/// try lookup.adapt([12, 36, 12, 7])
/// lookup.vocabulary()              // [-1, 12, 36, 7]
/// try lookup([[12, 7], [99, 36]])  // [[1, 3], [0, 2]]
/// ```
///
/// Shapes are those of ``StringLookup``.
public struct IntegerLookup: Sendable, Equatable {
    var core: IndexLookup<Int>

    /// The settings of ``StringLookup/init(maxTokens:numOOVIndices:maskToken:oovToken:vocabulary:idfWeights:invert:outputMode:padToMaxTokens:)``,
    /// with `oovToken` −1 and `oovMethod` (default `floormod`).
    public init(maxTokens: Int? = nil, numOOVIndices: Int = 1, maskToken: Int? = nil, oovToken: Int = -1,
                vocabulary: [Int]? = nil, idfWeights: [Float]? = nil, invert: Bool = false,
                outputMode: LookupOutputMode = .int, padToMaxTokens: Bool = false,
                oovMethod: OOVMethod = .floormod) throws {
        core = try IndexLookup(owner: "IntegerLookup", maxTokens: maxTokens, numOOVIndices: numOOVIndices,
                               maskToken: maskToken, oovToken: oovToken, outputMode: outputMode,
                               padToMaxTokens: padToMaxTokens, invert: invert, oovMethod: oovMethod,
                               vocabulary: vocabulary, idfWeights: idfWeights)
    }

    public var maxTokens: Int? { core.maxTokens }
    public var numOOVIndices: Int { core.numOOVIndices }
    public var maskToken: Int? { core.maskToken }
    public var oovToken: Int { core.oovToken }
    public var invert: Bool { core.invert }
    public var outputMode: LookupOutputMode { core.outputMode }
    public var padToMaxTokens: Bool { core.padToMaxTokens }
    public var oovMethod: OOVMethod { core.oovMethod }
    /// tf-idf weights, one per output column (nil unless `tfIdf`).
    public var idfWeights: [Float]? { core.idfWeights }
    /// Reserved indices plus vocabulary (Keras' `vocabulary_size()`).
    public var vocabularySize: Int { core.vocabularySize }

    /// Every index's token, reserved ones included (Keras' `get_vocabulary()`).
    public func vocabulary(includeSpecialTokens: Bool = true) -> [Int] {
        core.vocabulary(includeSpecialTokens: includeSpecialTokens)
    }

    /// Replaces the vocabulary, as Keras' `set_vocabulary`.
    public mutating func setVocabulary(_ vocabulary: [Int], idfWeights: [Float]? = nil) throws {
        try core.setVocabulary(vocabulary, idfWeights: idfWeights)
    }

    /// Learns the vocabulary from values, each its own sample (for tf-idf, a document of one value).
    public mutating func adapt(_ values: [Int]) throws { try core.adapt(values.map { [$0] }) }

    /// Learns the vocabulary from samples of values (for tf-idf, each sample is a document).
    public mutating func adapt(_ samples: [[Int]]) throws { try core.adapt(samples) }

    /// The encoding of one list of values (see ``StringLookup`` for shapes).
    public func callAsFunction(_ values: [Int]) throws -> Tensor {
        try requireForward()
        return core.encode(single: try core.indices(of: values, row: nil))
    }

    /// The encoding of samples, one row each (see ``StringLookup`` for shapes).
    public func callAsFunction(_ samples: [[Int]]) throws -> Tensor {
        try requireForward()
        return try core.encode(rows: samples.enumerated().map { try core.indices(of: $1, row: $0) })
    }

    /// The inverse lookup (`invert: true`): ids `[rows, length]` (or one row `[length]`) to values.
    public func callAsFunction(_ ids: Tensor) throws -> [[Int]] {
        try inverseRows(ids, core: core)
    }

    private func requireForward() throws {
        if core.invert {
            throw DendriteError.argument("IntegerLookup: this lookup was made with invert: true; it maps ids (a Tensor) to values")
        }
    }
}
