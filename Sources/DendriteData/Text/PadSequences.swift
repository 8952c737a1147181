/// Which end of a sequence ``padSequences(_:maxlen:padding:truncating:value:)`` pads or cuts:
/// Keras' `"pre"` (the start) or `"post"` (the end).
public enum SequenceEnd: String, Sendable, Codable, CaseIterable {
    case pre
    case post
}

/// Sequences of different lengths as one `[sequences, maxlen]` tensor, as Keras' `pad_sequences`.
///
/// A sequence longer than `maxlen` loses values at the start (`truncating: .pre`, the default) or
/// the end (`.post`); a shorter one gets `value` added before it (`padding: .pre`, the default) or
/// after it (`.post`). `maxlen` defaults to the longest sequence.
///
/// ```swift
/// try padSequences([[1, 2, 3], [4]], maxlen: 2)                    // [[2, 3], [0, 4]]
/// try padSequences([[1, 2, 3], [4]], padding: .post)              // [[1, 2, 3], [4, 0, 0]]
/// ```
///
/// Keras' default `dtype` is int32, which turns fractional values into whole numbers; here values
/// stay `Float` (as Keras with `dtype="float32"`).
/// - Throws: ``DendriteError`` for a negative `maxlen`, or no sequences and no `maxlen`.
public func padSequences(_ sequences: [[Float]], maxlen: Int? = nil, padding: SequenceEnd = .pre,
                         truncating: SequenceEnd = .pre, value: Float = 0) throws -> Tensor {
    if let maxlen, maxlen < 0 { throw DendriteError.argument("padSequences: maxlen must be 0 or more, got \(maxlen)") }
    guard let length = maxlen ?? sequences.map(\.count).max() else {
        throw DendriteError.argument("padSequences: there are no sequences to take a length from; pass maxlen")
    }
    var values = [Float](repeating: value, count: sequences.count * length)
    for (row, sequence) in sequences.enumerated() {
        let kept = truncating == .pre ? sequence.suffix(length) : sequence.prefix(length)
        let start = row * length + (padding == .pre ? length - kept.count : 0)
        for (offset, element) in kept.enumerated() { values[start + offset] = element }
    }
    return Tensor(shape: [sequences.count, length], scalars: values)
}

/// ``padSequences(_:maxlen:padding:truncating:value:)`` for integer ids (token ids, as
/// ``TextVectorization`` or a tokenizer gives them); ids beyond 2²⁴ are not exact as `Float`.
public func padSequences(_ sequences: [[Int]], maxlen: Int? = nil, padding: SequenceEnd = .pre,
                         truncating: SequenceEnd = .pre, value: Float = 0) throws -> Tensor {
    try padSequences(sequences.map { $0.map(Float.init) }, maxlen: maxlen, padding: padding, truncating: truncating, value: value)
}
