/// Text from a user's file or command line, made safe to put in an error message: quoted, cut to a
/// short prefix, with control characters and bytes that are not UTF-8 escaped, so a message never
/// echoes megabytes of input, moves the terminal's cursor or shows `�` for a byte the user cannot see.
///
/// ```swift
/// QuotedText.quoted("a\tb")                        // 'a\tb'
/// QuotedText.quoted(bytes: [0x63, 0x61, 0xE9])     // 'ca\xE9'
/// QuotedText.quoted(String(repeating: "x", count: 1_000))  // 'xxx…' (60 characters, then …)
/// ```
package enum QuotedText {
    /// Characters of user text a message shows before cutting it with "…".
    package static let maximumCharacters = 60

    /// `text` between single quotes, escaped and cut (see the type).
    package static func quoted(_ text: String) -> String { "'\(shown(text))'" }

    /// `bytes` read as UTF-8 between single quotes; invalid bytes appear as `\xHH`.
    package static func quoted<Bytes: Collection<UInt8>>(bytes: Bytes) -> String { "'\(shown(bytes: bytes))'" }

    /// `text` escaped and cut, without quotes.
    package static func shown(_ text: String) -> String { shown(bytes: Array(text.utf8)) }

    /// `bytes` read as UTF-8, escaped and cut, without quotes.
    package static func shown<Bytes: Collection<UInt8>>(bytes: Bytes) -> String {
        // Enough bytes for the characters shown, without copying a megabyte-long field.
        let head = Array(bytes.prefix(4 * maximumCharacters + 4))
        let (text, complete) = escaped(head, characters: maximumCharacters)
        return complete && head.count == bytes.count ? text : text + "…"
    }

    /// `text` with its control and format characters escaped (`\u{1B}`, `\n`) and nothing cut or
    /// quoted: ``DendriteError`` passes every message through this, so that no message, whatever
    /// text it quotes, moves the terminal's cursor or hides a character.
    package static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        return text.unicodeScalars.map(escaped).joined()
    }

    /// `bytes` escaped in full, neither quoted nor cut: for names that are kept (a CSV header's
    /// column names), where every byte must stay distinguishable.
    package static func escapedInFull<Bytes: Collection<UInt8>>(bytes: Bytes) -> String {
        escaped(Array(bytes), characters: .max).text
    }

    /// The first `characters` characters of `bytes`, each escaped, and whether that was all of them.
    private static func escaped(_ bytes: [UInt8], characters: Int) -> (text: String, complete: Bool) {
        var result = "", count = 0, position = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while count < characters {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                result += escaped(Unicode.UTF8.decode(encoded))
                position += encoded.count
            case .error(let length):
                for byte in bytes[position..<(position + length)] { result += hex(byte) }
                position += length
            case .emptyInput:
                return (result, true)
            }
            count += 1
        }
        return (result, position == bytes.count)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "\\x" + (digits.count == 1 ? "0" + digits : digits)
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            return isHidden(scalar) ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
        }
    }

    /// Control characters, and format characters (a byte-order mark, zero-width spaces,
    /// bidirectional overrides), which are invisible.
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format
    }
}
