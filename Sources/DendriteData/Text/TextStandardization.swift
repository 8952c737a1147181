/// How ``TextVectorization`` cleans text before splitting it: Keras' `standardize`, with its exact
/// behaviour, which works on ASCII only (as TensorFlow's `tf.strings.lower` without an encoding
/// and the regular expression Keras strips punctuation with):
///
/// - `lower`: `A`–`Z` become `a`–`z`; every other character is kept (`É`, `Σ`, `İ` stay upper case);
/// - `stripPunctuation`: the 32 ASCII punctuation characters ``asciiPunctuation`` are removed;
///   other punctuation (`’`, `—`, `«`, `¿`) is kept;
/// - `lowerAndStripPunctuation` (Keras' default): both.
///
/// `nil` in ``TextVectorization`` means no standardization.
public enum TextStandardization: String, Sendable, Codable, CaseIterable {
    case lowerAndStripPunctuation = "lower_and_strip_punctuation"
    case lower
    case stripPunctuation = "strip_punctuation"

    /// ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``: what Keras' regular expression
    /// `[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']` matches.
    public static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".utf8)

    /// `text` standardized.
    public func apply(_ text: String) -> String {
        let lowers = self != .stripPunctuation, strips = self != .lower
        // Only ASCII bytes change, and no byte of a multi-byte UTF-8 sequence is ASCII, so working
        // on bytes keeps every other character intact and the result valid UTF-8.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if strips, Self.asciiPunctuation.contains(byte) { continue }
            bytes.append(lowers && (0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
