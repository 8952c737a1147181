import DendriteCore
/// Decodes one DEFLATE stream (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
struct Inflater {
    enum Failure: Error, Equatable {
        /// The input ends inside the stream.
        case truncated
        /// The stream breaks the format; the reason says how.
        case invalid(String)
        /// The output would grow past `maximumSize` bytes (a damaged stream or a "zip bomb").
        case tooLarge
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                     115, 131, 163, 195, 227, 258]
    private static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                       1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                            12, 12, 13, 13]
    /// The order in which a dynamic block sends the code lengths of its code-length alphabet.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    private static let fixedLiterals = try? HuffmanTable(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
    private static let fixedDistances = try? HuffmanTable(lengths: [Int](repeating: 5, count: 30))

    private let input: [UInt8]
    /// The next input byte not yet in `bitBuffer`.
    private var position: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private(set) var output: [UInt8] = []
    private let maximumSize: Int

    /// A decoder for the stream starting at `input[start]` whose output may reach `maximumSize`
    /// bytes; `expectedSize` only reserves memory.
    init(_ input: [UInt8], start: Int, expectedSize: Int = 0, maximumSize: Int = .max) {
        self.input = input
        position = start
        self.maximumSize = maximumSize
        output.reserveCapacity(min(expectedSize, maximumSize))
    }

    /// The index of the first byte after the stream, once ``run()`` has returned.
    var end: Int { position - bitCount / 8 }

    /// Decodes blocks until the final one.
    mutating func run() throws {
        var isFinal = false
        while !isFinal {
            isFinal = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1:
                guard let literals = Self.fixedLiterals, let distances = Self.fixedDistances else {
                    throw Failure.invalid("the fixed Huffman codes cannot be built")
                }
                try compressedBlock(literals: literals, distances: distances)
            case 2:
                let (literals, distances) = try dynamicCodes()
                try compressedBlock(literals: literals, distances: distances)
            default: throw Failure.invalid("block type 3 is reserved")
            }
        }
    }

    private mutating func storedBlock() throws {
        // Back to the byte boundary: whole bytes still in the bit buffer are read again.
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw Failure.truncated }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF else {
            throw Failure.invalid("stored block length \(length) does not match its complement \(complement)")
        }
        position += 4
        guard position + length <= input.count else { throw Failure.truncated }
        guard length <= maximumSize - output.count else { throw Failure.tooLarge }
        output.append(contentsOf: input[position..<(position + length)])
        position += length
    }

    private mutating func dynamicCodes() throws -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw Failure.invalid("\(literalCount) literal/length codes and \(distanceCount) distance codes exceed 286 and 30")
        }
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[index]] = try bits(3) }
        let codeLengths = try table(codeLengthLengths, "code-length")
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengths)
            let (value, repeats): (Int, Int)
            switch symbol {
            case 0..<16: (value, repeats) = (symbol, 1)
            case 16:
                guard let previous = lengths.last else { throw Failure.invalid("a repeat code comes before any code length") }
                (value, repeats) = (previous, try bits(2) + 3)
            case 17: (value, repeats) = (0, try bits(3) + 3)
            default: (value, repeats) = (0, try bits(7) + 11)
            }
            guard lengths.count + repeats <= literalCount + distanceCount else {
                throw Failure.invalid("code lengths run past the \(literalCount + distanceCount) declared")
            }
            lengths += repeatElement(value, count: repeats)
        }
        guard lengths[256] > 0 else { throw Failure.invalid("the end-of-block code has no length") }
        return (try table(Array(lengths[..<literalCount]), "literal/length"),
                try table(Array(lengths[literalCount...]), "distance"))
    }

    private func table(_ lengths: [Int], _ name: String) throws -> HuffmanTable {
        do { return try HuffmanTable(lengths: lengths) } catch {
            throw Failure.invalid("the \(name) code lengths are over-subscribed")
        }
    }

    private mutating func compressedBlock(literals: HuffmanTable, distances: HuffmanTable) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthCode = symbol - 257
            guard lengthCode < Self.lengthBase.count else { throw Failure.invalid("length code \(symbol) is not defined") }
            let length = Self.lengthBase[lengthCode] + (try bits(Self.lengthExtraBits[lengthCode]))
            let distanceCode = try decode(distances)
            guard distanceCode < Self.distanceBase.count else {
                throw Failure.invalid("distance code \(distanceCode) is not defined")
            }
            let distance = Self.distanceBase[distanceCode] + (try bits(Self.distanceExtraBits[distanceCode]))
            guard distance <= output.count else {
                throw Failure.invalid("a match reaches \(distance) bytes back, but only \(output.count) bytes were decoded")
            }
            // Literals add a byte per code of at least one bit, so only runs can outgrow the input fast.
            guard length <= maximumSize - output.count else { throw Failure.tooLarge }
            // Byte by byte: the source may overlap the bytes being written (a run).
            let start = output.count - distance
            for offset in 0..<length { output.append(output[start + offset]) }
        }
    }

    private mutating func refill() {
        while bitCount <= 56, position < input.count {
            bitBuffer |= UInt64(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
    }

    private mutating func bits(_ count: Int) throws -> Int {
        if bitCount < count { refill() }
        guard bitCount >= count else { throw Failure.truncated }
        let value = Int(bitBuffer & (1 << count - 1))
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    private mutating func decode(_ table: HuffmanTable) throws -> Int {
        if bitCount < table.maximumLength { refill() }
        let entry = Int(table.entries[Int(bitBuffer & (1 << table.maximumLength - 1))])
        let length = entry & 15
        guard length > 0 else {
            if bitCount < table.maximumLength { throw Failure.truncated }
            throw Failure.invalid("the bits \(String(bitBuffer & (1 << table.maximumLength - 1), radix: 2)) are not a code")
        }
        guard length <= bitCount else { throw Failure.truncated }
        bitBuffer >>= length
        bitCount -= length
        return entry >> 4
    }
}
