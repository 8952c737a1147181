import DendriteCore
/// CRC-32 as gzip (RFC 1952) and zlib compute it: the reflected IEEE 802.3 polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// The checksum of `bytes`; pass a previous result as `continuing` to checksum data in pieces.
    static func checksum<Bytes: Collection>(_ bytes: Bytes, continuing previous: UInt32 = 0) -> UInt32
        where Bytes.Element == UInt8 {
        var crc = ~previous
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
