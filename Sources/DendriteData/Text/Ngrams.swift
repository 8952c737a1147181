/// Which n-grams ``TextVectorization`` makes from the split tokens: Keras' `ngrams`, an integer
/// `n` (every width from 1 to `n`) or a tuple of widths.
///
/// For each width in order, every run of that many consecutive tokens, joined by a space
/// (`tf.strings.ngrams`): `["a", "b", "c"]` with `.upTo(2)` gives `["a", "b", "c", "a b", "b c"]`.
/// A width longer than the text gives nothing.
public enum Ngrams: Sendable, Equatable, Codable {
    /// Keras' `ngrams=n`: widths 1…n.
    case upTo(Int)
    /// Keras' `ngrams=(w1, w2, …)`: these widths, in this order.
    case widths([Int])

    /// The widths made, in order.
    public var widths: [Int] {
        switch self {
        case .upTo(let n): n >= 1 ? Array(1...n) : []
        case .widths(let widths): widths
        }
    }

    /// The n-grams of `tokens`.
    public func apply(_ tokens: [String]) -> [String] {
        widths.flatMap { width in
            tokens.count < width ? [] : (0...(tokens.count - width)).map { tokens[$0..<($0 + width)].joined(separator: " ") }
        }
    }

    /// Keras' configuration value: a number for `upTo`, a list for `widths`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let n = try? container.decode(Int.self) { self = .upTo(n) } else { self = .widths(try container.decode([Int].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .upTo(let n): try container.encode(n)
        case .widths(let widths): try container.encode(widths)
        }
    }
}
