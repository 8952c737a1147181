/// Turns raw strings into token ids or bag-of-words vectors, as Keras 3's `TextVectorization`,
/// with its exact vocabulary order and ids.
///
/// Each text goes through four steps:
/// 1. ``TextStandardization`` (default `lowerAndStripPunctuation`, ASCII only, as Keras);
/// 2. ``TextSplit`` (default `whitespace`);
/// 3. ``Ngrams`` (default none);
/// 4. a vocabulary lookup (``StringLookup``'s core, Keras' `IndexLookup`) with the padding token
///    `""` and one OOV token `"[UNK]"`: in `int` output, 0 is padding, 1 is `[UNK]`, the vocabulary
///    starts at 2; in the other outputs, column 0 is `[UNK]` and the vocabulary starts at 1.
///
/// ``adapt(_:)`` learns the vocabulary: tokens by frequency, most frequent first, ties broken by
/// UTF-8 byte order high to low, at most `maxTokens` entries with the reserved ones. For `tfIdf` it
/// also learns `idf = log(1 + texts / (1 + textsWithToken))`, with the mean of those for `[UNK]`.
///
/// Output (``OutputMode``), a `Float` ``Tensor`` (ids as floats, as `Embedding` takes them):
/// - `int`: `[texts, length]`, each row the ids of the text's tokens, padded with 0 at the end or
///   cut to `outputSequenceLength` (default: the longest text of the call). With `split: nil` and no
///   `outputSequenceLength`, `[texts]`, one id per text, as Keras;
/// - `multiHot` / `count` / `tfIdf`: `[texts, depth]`, `depth` the vocabulary size (or `maxTokens`
///   with `padToMaxTokens`): 1 where the text has the token, how often it has it, or that count
///   times the token's idf.
///
/// ```swift
/// var vectorizer = try TextVectorization(maxTokens: 5000, outputSequenceLength: 4)
/// try vectorizer.adapt(["foo bar", "bar baz", "baz bada boom"])
/// try vectorizer(["foo qux bar", "qux baz"])   // [[4, 1, 3, 0], [1, 2, 0, 0]]
/// ```
///
/// It is applied to `[String]` before the model, as Keras' adapt-and-map pattern; a model saves the
/// one it was trained with (`model.textVectorization`). Keras' `sparse`, `ragged`, custom callables
/// and encodings other than UTF-8 are not offered.
public struct TextVectorization: Sendable, Equatable {
    /// What ``TextVectorization`` outputs: Keras' `output_mode` (`one_hot` is not among Keras'
    /// documented text modes, and not offered).
    public enum OutputMode: String, Sendable, Codable, CaseIterable {
        case int
        case multiHot = "multi_hot"
        case count
        case tfIdf = "tf_idf"

        var lookupMode: LookupOutputMode {
            switch self {
            case .int: .int
            case .multiHot: .multiHot
            case .count: .count
            case .tfIdf: .tfIdf
            }
        }
    }

    public let standardize: TextStandardization?
    public let split: TextSplit?
    public let ngrams: Ngrams?
    public let outputMode: OutputMode
    /// The length of every `int` row; nil pads to the longest text of each call.
    public let outputSequenceLength: Int?
    var lookup: IndexLookup<String>

    /// The padding (mask) token, index 0 in `int` output.
    public static let paddingToken = ""
    /// The OOV token, index 1 in `int` output and 0 in the others.
    public static let oovToken = "[UNK]"

    /// - Parameters:
    ///   - maxTokens: the largest vocabulary, reserved indices included (padding and `[UNK]` in
    ///     `int` output, `[UNK]` otherwise); nil for no limit.
    ///   - standardize: ``TextStandardization``, nil for none (default `lowerAndStripPunctuation`).
    ///   - split: ``TextSplit``, nil for none (default `whitespace`).
    ///   - ngrams: ``Ngrams``, nil for single tokens only; needs a `split`.
    ///   - outputMode: see ``OutputMode`` (default `int`).
    ///   - outputSequenceLength: `int` only: pad or cut every row to this length (≥ 1).
    ///   - padToMaxTokens: `multiHot`/`count`/`tfIdf` only: `maxTokens` columns whatever the vocabulary.
    ///   - vocabulary: tokens to use instead of `adapt`, with or without `["", "[UNK]"]` (`int`) or
    ///     `["[UNK]"]` (other modes) at the start.
    ///   - idfWeights: with a vocabulary and `tfIdf`, one weight per vocabulary entry.
    /// - Throws: ``DendriteError`` for settings Keras refuses or that cannot work: `maxTokens` ≤ the
    ///   reserved indices, `padToMaxTokens` without `maxTokens`, `outputSequenceLength` < 1 or with a
    ///   mode other than `int`, n-gram widths < 1 or without a split, and a bad vocabulary (empty,
    ///   repeated tokens, `""` inside it, larger than `maxTokens`).
    public init(maxTokens: Int? = nil, standardize: TextStandardization? = .lowerAndStripPunctuation,
                split: TextSplit? = .whitespace, ngrams: Ngrams? = nil, outputMode: OutputMode = .int,
                outputSequenceLength: Int? = nil, padToMaxTokens: Bool = false, vocabulary: [String]? = nil,
                idfWeights: [Float]? = nil) throws {
        func failure(_ message: String) -> DendriteError { DendriteError.argument("TextVectorization: \(message)") }
        if let outputSequenceLength {
            guard outputMode == .int else {
                throw failure("outputSequenceLength is only used with outputMode int, not \(outputMode.rawValue)")
            }
            guard outputSequenceLength >= 1 else {
                throw failure("outputSequenceLength must be at least 1, got \(outputSequenceLength)")
            }
        }
        if let ngrams {
            guard !ngrams.widths.isEmpty, ngrams.widths.allSatisfy({ $0 >= 1 }) else {
                throw failure("n-gram widths must be 1 or more, got \(ngrams)")
            }
            guard split != nil else {
                throw failure("ngrams need a split (whitespace or character); without one each text is a single token")
            }
        }
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.outputMode = outputMode
        self.outputSequenceLength = outputSequenceLength
        lookup = try IndexLookup(owner: "TextVectorization", maxTokens: maxTokens, numOOVIndices: 1,
                                 maskToken: Self.paddingToken, oovToken: Self.oovToken,
                                 outputMode: outputMode.lookupMode, padToMaxTokens: padToMaxTokens, invert: false,
                                 oovMethod: .floormod, vocabulary: vocabulary, idfWeights: idfWeights)
    }

    public var maxTokens: Int? { lookup.maxTokens }
    public var padToMaxTokens: Bool { lookup.padToMaxTokens }
    /// Reserved indices plus vocabulary (Keras' `vocabulary_size()`).
    public var vocabularySize: Int { lookup.vocabularySize }
    /// tf-idf weights, one per output column (nil unless `tfIdf`).
    public var idfWeights: [Float]? { lookup.idfWeights }
    /// Whether there is a vocabulary to look tokens up in (given, learned or loaded).
    public var hasVocabulary: Bool { lookup.hasVocabulary }

    /// Every index's token, reserved ones included (Keras' `get_vocabulary()`): in `int` output
    /// `["", "[UNK]", most frequent, …]`.
    public func vocabulary(includeSpecialTokens: Bool = true) -> [String] {
        lookup.vocabulary(includeSpecialTokens: includeSpecialTokens)
    }

    /// Replaces the vocabulary (and idf weights), as Keras' `set_vocabulary`.
    public mutating func setVocabulary(_ vocabulary: [String], idfWeights: [Float]? = nil) throws {
        try lookup.setVocabulary(vocabulary, idfWeights: idfWeights)
    }

    /// The tokens of one text after standardizing, splitting and n-grams (steps 1–3).
    public func tokens(of text: String) -> [String] {
        let standardized = standardize?.apply(text) ?? text
        let pieces = split?.apply(standardized) ?? [standardized]
        return ngrams?.apply(pieces) ?? pieces
    }

    /// Learns the vocabulary (and tf-idf weights) from `texts`, replacing any learned before.
    /// - Throws: ``DendriteError`` if a vocabulary was given, or no text has a token (all empty).
    public mutating func adapt(_ texts: [String]) throws {
        try lookup.adapt(texts.map(tokens(of:)))
    }

    /// The texts vectorized (see the type for the output).
    /// - Throws: ``DendriteError`` before there is a vocabulary.
    public func callAsFunction(_ texts: [String]) throws -> Tensor {
        try lookup.requireVocabulary()
        let rows = try texts.enumerated().map { try lookup.indices(of: tokens(of: $1), row: $0) }
        guard outputMode == .int else { return try lookup.encode(rows: rows) }
        if split == nil, outputSequenceLength == nil { return Tensor(rows.map { Float($0.first.flatMap { $0 } ?? 0) }) }
        let length = outputSequenceLength ?? rows.map(\.count).max() ?? 0
        var ids = [Float](repeating: 0, count: rows.count * length)
        for (row, indices) in rows.enumerated() {
            for (position, index) in indices.prefix(length).enumerated() { ids[row * length + position] = Float(index ?? 0) }
        }
        return Tensor(shape: [rows.count, length], scalars: ids)
    }
}
