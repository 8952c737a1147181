import DendriteCore
/// A canonical Huffman code (RFC 1951 §3.2.2) as a lookup table: the next `maximumLength` bits of
/// the stream, least significant first, index an entry holding the symbol and its code length.
struct HuffmanTable {
    enum Failure: Error { case overSubscribed }

    /// `symbol << 4 | length`; 0 where no code starts with those bits.
    let entries: [UInt16]
    let maximumLength: Int

    /// The code whose symbol `i` has a code of `lengths[i]` bits (0: symbol unused).
    init(lengths: [Int]) throws {
        maximumLength = lengths.max() ?? 0
        var countOfLength = [Int](repeating: 0, count: 16)
        for length in lengths { countOfLength[length] += 1 }
        countOfLength[0] = 0
        var available = 1
        for length in 1..<16 {
            available = available * 2 - countOfLength[length]
            if available < 0 { throw Failure.overSubscribed }
        }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1..<16 {
            code = (code + countOfLength[length - 1]) << 1
            nextCode[length] = code
        }
        var entries = [UInt16](repeating: 0, count: 1 << maximumLength)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            // Codes are sent most significant bit first, so the table is indexed by the reversed code.
            var reversed = 0, bits = nextCode[length]
            for _ in 0..<length {
                reversed = reversed << 1 | bits & 1
                bits >>= 1
            }
            nextCode[length] += 1
            for index in stride(from: reversed, to: entries.count, by: 1 << length) {
                entries[index] = UInt16(symbol << 4 | length)
            }
        }
        self.entries = entries
    }
}
