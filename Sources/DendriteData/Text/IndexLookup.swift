import Foundation

/// The core that ``StringLookup``, ``IntegerLookup`` and ``TextVectorization`` share, as Keras'
/// `IndexLookup`: a vocabulary of tokens, each with an index, learned by ``adapt(_:)`` or given.
///
/// Indices, in order: the mask token at 0 (when there is one and the output is `int`), then
/// `numOOVIndices` out-of-vocabulary (OOV) indices, then the vocabulary. ``adapt(_:)`` orders the
/// vocabulary by frequency, most frequent first, ties broken by the token's sort order high to
/// low (TensorFlow's byte order for strings), and keeps the first `maxTokens` − reserved indices.
/// An unknown token gets the OOV index, or with several, `oovStart + bucket(token)`: FarmHash
/// Fingerprint64 of its bytes modulo `numOOVIndices` for strings, `token mod numOOVIndices` for
/// integers (``OOVMethod``).
///
/// tf-idf weights (``LookupOutputMode/tfIdf``) are `log(1 + documents / (1 + documentsWithToken))`;
/// the OOV index gets their mean, columns past the vocabulary (with `padToMaxTokens`) get 0.
struct IndexLookup<Token: LookupToken>: Sendable, Equatable {
    /// The public type this core serves, for messages: "StringLookup", "TextVectorization", …
    let owner: String
    let maxTokens: Int?
    let numOOVIndices: Int
    let maskToken: Token?
    /// The mask token's key, computed once: every lookup compares with it.
    private let maskKey: Token.Key?
    let oovToken: Token
    let outputMode: LookupOutputMode
    let padToMaxTokens: Bool
    let invert: Bool
    let oovMethod: OOVMethod
    /// The vocabulary as it was given (Keras' `input_vocabulary`, saved in the configuration);
    /// nil when there is none or it was learned.
    private(set) var inputVocabulary: [Token]?
    private(set) var inputIDFWeights: [Float]?
    /// The vocabulary after the reserved indices, in index order.
    private(set) var tokens: [Token] = []
    private var indices: [Token.Key: Int] = [:]
    /// One weight per output column (tf-idf only): Keras' `idf_weights` variable.
    private(set) var idfWeights: [Float]?
    /// Whether a vocabulary was given or learned.
    private(set) var hasVocabulary = false

    init(owner: String, maxTokens: Int?, numOOVIndices: Int, maskToken: Token?, oovToken: Token,
         outputMode: LookupOutputMode, padToMaxTokens: Bool, invert: Bool, oovMethod: OOVMethod,
         vocabulary: [Token]?, idfWeights: [Float]?) throws {
        func failure(_ message: String) -> DendriteError { DendriteError.argument("\(owner): \(message)") }
        if let maxTokens, maxTokens <= 1 { throw failure("maxTokens must be greater than 1, got \(maxTokens)") }
        if padToMaxTokens, maxTokens == nil { throw failure("padToMaxTokens needs maxTokens") }
        guard numOOVIndices >= 0 else { throw failure("numOOVIndices must be 0 or more, got \(numOOVIndices)") }
        if invert, outputMode != .int {
            throw failure("invert needs outputMode int (ids in, tokens out), got \(outputMode.rawValue)")
        }
        if idfWeights != nil, outputMode != .tfIdf {
            throw failure("idfWeights are only used with outputMode tfIdf, not \(outputMode.rawValue)")
        }
        if outputMode == .tfIdf, vocabulary != nil, idfWeights == nil {
            throw failure("a given vocabulary with outputMode tfIdf needs idfWeights, one per token")
        }
        self.owner = owner
        self.maxTokens = maxTokens
        self.numOOVIndices = numOOVIndices
        self.maskToken = maskToken
        maskKey = maskToken?.lookupKey
        self.oovToken = oovToken
        self.outputMode = outputMode
        self.padToMaxTokens = padToMaxTokens
        self.invert = invert
        self.oovMethod = oovMethod
        if let maxTokens, maxTokens <= tokenStartIndex {
            throw failure("maxTokens \(maxTokens) leaves no room for a token after the \(tokenStartIndex) reserved indices (\(reservedDescription))")
        }
        if let vocabulary { try setVocabulary(vocabulary, idfWeights: idfWeights) }
    }

    // MARK: Indices

    /// The first OOV index: 1 when index 0 holds the mask token, else 0.
    var oovStartIndex: Int { maskToken != nil && outputMode == .int ? 1 : 0 }
    /// The first vocabulary index.
    var tokenStartIndex: Int { oovStartIndex + numOOVIndices }
    /// Reserved indices plus vocabulary.
    var vocabularySize: Int { tokenStartIndex + tokens.count }
    /// Columns of a `oneHot`, `multiHot`, `count` or `tfIdf` output.
    var depth: Int { padToMaxTokens ? maxTokens ?? vocabularySize : vocabularySize }

    private var reservedDescription: String {
        let oov = "\(numOOVIndices) OOV"
        return oovStartIndex == 1 ? "the mask and \(oov)" : oov
    }

    /// Every index's token, the reserved ones included (Keras' `get_vocabulary()`).
    func vocabulary(includeSpecialTokens: Bool = true) -> [Token] {
        guard includeSpecialTokens else { return tokens }
        let mask = oovStartIndex == 1 ? maskToken.map { [$0] } ?? [] : []
        return mask + Array(repeating: oovToken, count: numOOVIndices) + tokens
    }

    // MARK: Setting and learning the vocabulary

    /// Sets the vocabulary, with or without the reserved tokens at its start, as Keras'
    /// `set_vocabulary`; `idfWeights` (tf-idf only) has one weight per entry of `vocabulary`.
    mutating func setVocabulary(_ vocabulary: [Token], idfWeights: [Float]?) throws {
        func failure(_ message: String) -> DendriteError { DendriteError.argument("\(owner): \(message)") }
        if outputMode == .tfIdf, idfWeights == nil { throw failure("outputMode tfIdf needs idfWeights with the vocabulary") }
        if outputMode != .tfIdf, idfWeights != nil { throw failure("idfWeights are only used with outputMode tfIdf") }
        guard !vocabulary.isEmpty else { throw failure("the vocabulary is empty; give at least one token") }
        let special = Array(self.vocabulary(includeSpecialTokens: true).prefix(tokenStartIndex))
        let startsWithSpecial = vocabulary.count >= special.count
            && zip(vocabulary, special).allSatisfy { $0.lookupKey == $1.lookupKey }
        let tokens = startsWithSpecial ? Array(vocabulary.dropFirst(special.count)) : vocabulary
        var seen = Set<Token.Key>(), repeated: [Token] = []
        for token in tokens where !seen.insert(token.lookupKey).inserted { repeated.append(token) }
        if !repeated.isEmpty {
            throw failure("the vocabulary repeats \(repeated.prefix(5).map(\.shown).joined(separator: ", "))\(repeated.count > 5 ? ", …" : ""); each token may appear once")
        }
        let reservedOrder = special.map(\.shown).joined(separator: ", ")
        if let mask = maskToken, let position = tokens.firstIndex(where: { $0.lookupKey == mask.lookupKey }) {
            throw failure("the mask token \(mask.shown) is at vocabulary position \(position + (startsWithSpecial ? special.count : 0)); leave it out, or give the reserved tokens only at the start, in this order: [\(reservedOrder)]")
        }
        if invert, let position = tokens.firstIndex(where: { $0.lookupKey == oovToken.lookupKey }) {
            throw failure("the OOV token \(oovToken.shown) is at vocabulary position \(position + (startsWithSpecial ? special.count : 0)); with invert it may only be among the reserved tokens at the start, in this order: [\(reservedOrder)]")
        }
        if let maxTokens, tokenStartIndex + tokens.count > maxTokens {
            throw failure("the vocabulary has \(tokenStartIndex + tokens.count) entries with the reserved ones, more than maxTokens \(maxTokens)")
        }
        var weights: [Float]?
        if let idfWeights {
            guard idfWeights.count == vocabulary.count else {
                throw failure("\(idfWeights.count) idfWeights for a vocabulary of \(vocabulary.count) tokens; give one per token")
            }
            if let index = idfWeights.firstIndex(where: { !$0.isFinite }) {
                throw failure("idfWeights[\(index)] is \(idfWeights[index]); weights must be finite")
            }
            // Reserved indices get the mean weight unless the vocabulary brought its own.
            let mean = idfWeights.reduce(0, +) / Float(idfWeights.count)
            weights = (startsWithSpecial ? [] : Array(repeating: mean, count: tokenStartIndex)) + idfWeights
        }
        install(tokens, idfWeights: weights)
        inputVocabulary = vocabulary
        inputIDFWeights = idfWeights
    }

    /// Learns the vocabulary (and tf-idf weights) from `documents`, each a list of tokens. The
    /// mask and OOV tokens are not counted.
    /// - Throws: ``DendriteError`` if a vocabulary was given, or the data hold no token to learn.
    mutating func adapt(_ documents: [[Token]]) throws {
        guard inputVocabulary == nil else {
            throw DendriteError.argument("\(owner): adapt cannot replace a vocabulary that was given; make a new \(owner) without one")
        }
        var counts: [Token.Key: (token: Token, count: Int, documents: Int)] = [:]
        for document in documents {
            var inDocument = Set<Token.Key>()
            for token in document {
                let key = token.lookupKey
                let firstInDocument = inDocument.insert(key).inserted
                counts[key, default: (token, 0, 0)].count += 1
                if firstInDocument { counts[key]?.documents += 1 }
            }
        }
        if let maskToken { counts[maskToken.lookupKey] = nil }
        counts[oovToken.lookupKey] = nil
        guard !counts.isEmpty else {
            throw DendriteError.data("\(owner): adapt found no token to learn in \(documents.count) \(documents.count == 1 ? "sample" : "samples")"
                                     + (documents.allSatisfy(\.isEmpty) ? " (all are empty)" : " (only mask or OOV tokens)"))
        }
        var ranked = counts.values.sorted {
            $0.count != $1.count ? $0.count > $1.count : Token.kerasAscending($1.token, $0.token)
        }
        if let maxTokens { ranked = Array(ranked.prefix(maxTokens - tokenStartIndex)) }
        var weights: [Float]?
        if outputMode == .tfIdf {
            let total = Double(documents.count)
            let learned = ranked.map { Float(Foundation.log(1 + total / (1 + Double($0.documents)))) }
            let mean = learned.reduce(0, +) / Float(learned.count)
            weights = Array(repeating: mean, count: tokenStartIndex) + learned
        }
        install(ranked.map(\.token), idfWeights: weights)
    }

    /// Rebuilds a state saved with ``vocabulary(includeSpecialTokens:)`` and ``idfWeights``.
    mutating func restore(vocabulary: [Token], idfWeights: [Float]?) throws {
        func failure(_ message: String) -> DendriteError { DendriteError.argument("\(owner): \(message)") }
        let special = self.vocabulary(includeSpecialTokens: true).prefix(tokenStartIndex)
        guard vocabulary.count > special.count,
              zip(vocabulary, special).allSatisfy({ $0.lookupKey == $1.lookupKey }) else {
            throw failure("a saved vocabulary starts with the reserved tokens [\(special.map(\.shown).joined(separator: ", "))] and has at least one more")
        }
        let tokens = Array(vocabulary.dropFirst(special.count))
        if let maxTokens, vocabulary.count > maxTokens {
            throw failure("the saved vocabulary has \(vocabulary.count) entries, more than maxTokens \(maxTokens)")
        }
        if Set(tokens.map(\.lookupKey)).count != tokens.count { throw failure("the saved vocabulary repeats a token") }
        if let mask = maskToken, tokens.contains(where: { $0.lookupKey == mask.lookupKey }) {
            throw failure("the saved vocabulary holds the mask token \(mask.shown) after the reserved indices")
        }
        let columns = padToMaxTokens ? maxTokens ?? vocabulary.count : vocabulary.count
        switch (outputMode, idfWeights) {
        case (.tfIdf, nil): throw failure("outputMode tfIdf needs its saved idfWeights")
        case (.tfIdf, let weights?) where weights.count != columns:
            throw failure("\(weights.count) saved idfWeights for \(columns) output columns")
        case (.tfIdf, let weights?) where weights.contains { !$0.isFinite }:
            throw failure("the saved idfWeights hold a value that is not finite")
        case (.int, _?), (.oneHot, _?), (.multiHot, _?), (.count, _?):
            throw failure("idfWeights are only used with outputMode tfIdf")
        default: break
        }
        install(tokens, idfWeights: idfWeights)
    }

    private mutating func install(_ tokens: [Token], idfWeights: [Float]?) {
        self.tokens = tokens
        indices = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1.lookupKey, tokenStartIndex + $0) })
        self.idfWeights = idfWeights.map { weights in
            padToMaxTokens ? weights + Array(repeating: 0, count: Swift.max(0, depth - weights.count)) : weights
        }
        hasVocabulary = true
    }

    // MARK: Looking up

    /// The index of `token`; nil for the mask token outside `int` output, where it counts for nothing.
    /// - Throws: ``DendriteError`` for an unknown token when there are no OOV indices; `place`
    ///   says where it was ("row 2, position 5").
    func index(of token: Token, place: @autoclosure () -> String) throws -> Int? {
        let key = token.lookupKey
        if let maskKey, key == maskKey { return outputMode == .int ? 0 : nil }
        if let index = indices[key] { return index }
        switch numOOVIndices {
        case 0:
            throw DendriteError.data("\(owner): \(token.shown) (\(place())) is not in the vocabulary and numOOVIndices is 0; set numOOVIndices to 1 or more to map unknown tokens")
        case 1: return oovStartIndex
        default: return oovStartIndex + token.oovBucket(count: numOOVIndices, method: oovMethod)
        }
    }

    /// The indices of one sample's tokens (masked tokens left out unless the output is `int`).
    func indices(of tokens: [Token], row: Int?) throws -> [Int?] {
        try requireVocabulary()
        return try tokens.enumerated().map { position, token in
            try index(of: token, place: row.map { "row \($0), position \(position)" } ?? "position \(position)")
        }
    }

    /// The token of index `id` (the inverse lookup): the mask token at 0 when there is one, the OOV
    /// token for an OOV index or an id outside the vocabulary.
    func token(at id: Int) -> Token {
        if let maskToken, oovStartIndex == 1, id == 0 { return maskToken }
        let position = id - tokenStartIndex
        return tokens.indices.contains(position) ? tokens[position] : oovToken
    }

    func requireVocabulary() throws {
        guard hasVocabulary else {
            throw DendriteError.argument("\(owner): there is no vocabulary yet; call adapt(_:) on sample data or pass a vocabulary")
        }
    }

    // MARK: Encoding indices as output

    /// One sample per row (each a list of indices, nil for a masked token) encoded per
    /// ``LookupOutputMode``: `int` needs rows of equal length (`[rows, length]`), `oneHot` gives
    /// `[rows, length, depth]` (`[rows, depth]` when every row has one token), the others `[rows, depth]`.
    func encode(rows: [[Int?]]) throws -> Tensor {
        switch outputMode {
        case .int:
            let length = rows.first?.count ?? 0
            if let row = rows.firstIndex(where: { $0.count != length }) {
                throw DendriteError.shape("\(owner): row \(row) has \(Self.tokens(rows[row].count)), row 0 has \(length); int output needs rows of one length (pad them first, e.g. with the mask token)")
            }
            return Tensor(shape: [rows.count, length], scalars: rows.flatMap { $0.map { Float($0 ?? 0) } })
        case .oneHot:
            let length = rows.first?.count ?? 0
            if let row = rows.firstIndex(where: { $0.count != length }) {
                throw DendriteError.shape("\(owner): row \(row) has \(Self.tokens(rows[row].count)), row 0 has \(length); oneHot output needs rows of one length")
            }
            let encoded = oneHot(rows.flatMap { $0 })
            return length == 1 ? encoded : encoded.reshaped([rows.count, length, depth])
        case .multiHot, .count, .tfIdf:
            return Tensor(shape: [rows.count, depth], scalars: rows.flatMap(histogram))
        }
    }

    private static func tokens(_ count: Int) -> String { count == 1 ? "1 token" : "\(count) tokens" }

    /// One sample of indices encoded per ``LookupOutputMode``, as Keras encodes a rank-1 input:
    /// `int` `[n]`, `oneHot` `[n, depth]`, the others one row `[depth]` for the whole list.
    func encode(single indices: [Int?]) -> Tensor {
        switch outputMode {
        case .int: Tensor(indices.map { Float($0 ?? 0) })
        case .oneHot: oneHot(indices)
        case .multiHot, .count, .tfIdf: Tensor(histogram(indices))
        }
    }

    private func oneHot(_ indices: [Int?]) -> Tensor {
        var values = [Float](repeating: 0, count: indices.count * depth)
        for (row, index) in indices.enumerated() {
            if let index, index < depth { values[row * depth + index] = 1 }
        }
        return Tensor(shape: [indices.count, depth], scalars: values)
    }

    /// A `multiHot`, `count` or `tfIdf` row of `depth` values.
    private func histogram(_ indices: [Int?]) -> [Float] {
        var row = [Float](repeating: 0, count: depth)
        for case let index? in indices where index < depth {
            row[index] = outputMode == .multiHot ? 1 : row[index] + 1
        }
        if outputMode == .tfIdf, let idfWeights {
            for column in row.indices where row[column] != 0 { row[column] *= idfWeights[column] }
        }
        return row
    }
}
