import Foundation

/// What is wrong with JSON text that a decoder refused, in words that point into the file.
/// Foundation's decoder says "not valid JSON" both for broken syntax and for valid JSON with a
/// number beyond `Double` (`1e400`); this tells the two apart and says where.
package enum JSONProblem {
    /// "the number 1e400 at key 'rate' (line 3) does not fit a 64-bit floating-point number …",
    /// "the file is not valid JSON: invalid value at line 2, column 5", or "the file is not valid JSON".
    package static func describe(_ data: Data) -> String {
        let reason: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "the file is not valid JSON"
        } catch let error as NSError {
            reason = error.userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        }
        let bytes = [UInt8](data)
        if let number = captured(reason, #"^Number (\S+) is not representable"#) {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let range = text.range(of: number) else {
                return "the number \(QuotedText.shown(number)) does not fit a 64-bit floating-point number (largest magnitude 1.8e308)"
            }
            let before = text[..<range.lowerBound]
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let key = captured(String(before.suffix(200)), #""([^"\\]*)"\s*:[^":]*$"#).map { " at key \(QuotedText.quoted($0))" } ?? ""
            return "the number \(QuotedText.shown(number))\(key) (line \(line)) does not fit a 64-bit floating-point number (largest magnitude 1.8e308)"
        }
        if let offset = captured(reason, #"around (?:character|line \d+, column) (\d+)"#).flatMap(Int.init), offset <= bytes.count {
            let before = bytes[..<offset]
            let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            return "the file is not valid JSON: \(reason.hasPrefix("Invalid value") ? "invalid value" : "a syntax error") at line \(line), column \(column)"
        }
        if reason.hasPrefix("Unexpected end of file") { return "the file is not valid JSON: it ends in the middle of a value" }
        return "the file is not valid JSON"
    }

    private static func captured(_ text: String, _ pattern: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
