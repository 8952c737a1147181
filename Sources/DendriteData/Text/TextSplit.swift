/// How ``TextVectorization`` cuts standardized text into tokens: Keras' `split`, as TensorFlow does it.
///
/// - `whitespace`: runs of the six ASCII whitespace characters (space, `\t`, `\n`, `\u{0B}`,
///   `\u{0C}`, `\r`) separate tokens, and leading or trailing ones give no empty token
///   (`tf.strings.split`). Other spaces (no-break space U+00A0, em space, ideographic space) are part
///   of a token, as in Keras;
/// - `character`: one token per Unicode scalar (`tf.strings.unicode_split`), so `é` written as `e`
///   plus a combining accent gives two tokens.
///
/// `nil` in ``TextVectorization`` means no split: each text is one token.
public enum TextSplit: String, Sendable, Codable, CaseIterable {
    case whitespace
    case character

    /// The six bytes TensorFlow's whitespace split separates on.
    static let asciiWhitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]

    /// The tokens of `text`.
    public func apply(_ text: String) -> [String] {
        switch self {
        case .whitespace:
            text.utf8.split(whereSeparator: Self.asciiWhitespace.contains).map { String(decoding: $0, as: UTF8.self) }
        case .character:
            text.unicodeScalars.map(String.init)
        }
    }
}
