/// Deterministic variants of a fuzz seed: the kinds of damage libFuzzer's mutators make (flipped
/// bits, bytes replaced or inserted, runs deleted, cut or repeated, digits and words that make
/// numbers huge, negative or not numbers), drawn from a fixed-seed generator so that every run
/// checks the same inputs.
struct SeedMutations {
    /// SplitMix64: small, fast and the same on every platform.
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A number in `0..<bound` (`bound` > 0).
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// Bytes that sit on format boundaries: zero, sign and high bits, delimiters, quotes, brackets,
    /// line ends, and the characters of numbers.
    private static let interestingBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE] + Array(",;\"'\n\r\t{}[]:-+.e9".utf8)

    /// Text that turns a number into one that overflows, is negative, is not finite or is not one.
    private static let interestingWords: [[UInt8]] = ["99999999999", "-1", "1e400", "1e39", "NaN", "-inf", "0",
                                                     "4294967295", "\"x\"", "null", "[]", "{}"].map { Array($0.utf8) }

    private var generator: Generator

    init(seed: UInt64) { generator = Generator(state: seed) }

    /// `seed` with one to three random edits.
    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...generator.below(3) { edit(&bytes) }
        return bytes
    }

    private mutating func edit(_ bytes: inout [UInt8]) {
        let position = generator.below(bytes.count + 1)
        switch generator.below(7) {
        case 0 where position < bytes.count:
            bytes[position] ^= 1 << UInt8(generator.below(8))
        case 1 where position < bytes.count:
            bytes[position] = Self.interestingBytes[generator.below(Self.interestingBytes.count)]
        case 2:
            bytes.insert(Self.interestingBytes[generator.below(Self.interestingBytes.count)], at: position)
        case 3:
            bytes.insert(contentsOf: Self.interestingWords[generator.below(Self.interestingWords.count)], at: position)
        case 4:
            bytes.removeSubrange(position..<min(bytes.count, position + 1 + generator.below(8)))
        case 5:
            bytes.removeSubrange(position...)
        default:
            let end = min(bytes.count, position + 1 + generator.below(16))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        }
    }
}
