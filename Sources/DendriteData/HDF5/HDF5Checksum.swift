/// The checksum of HDF5's version-2 metadata (superblock 2 and 3, object header v2, B-tree v2,
/// fractal heap, fixed and extensible arrays): Bob Jenkins' lookup3 `hashlittle` with initial value 0.
enum HDF5Checksum {
    static func lookup3<Bytes: Collection>(_ bytes: Bytes, initialValue: UInt32 = 0) -> UInt32 where Bytes.Element == UInt8 {
        let data = Array(bytes)
        var a = 0xDEAD_BEEF &+ UInt32(truncatingIfNeeded: data.count) &+ initialValue
        var b = a, c = a
        func word(_ index: Int, _ available: Int) -> UInt32 {
            var value: UInt32 = 0
            for byte in 0..<min(4, max(0, available - index)) { value |= UInt32(data[index + byte]) << (8 * UInt32(byte)) }
            return value
        }
        var index = 0
        // Whole 12-byte blocks while more than 12 bytes remain; the last 1…12 bytes go to `final`.
        while data.count - index > 12 {
            a &+= word(index, data.count)
            b &+= word(index + 4, data.count)
            c &+= word(index + 8, data.count)
            mix(&a, &b, &c)
            index += 12
        }
        if data.count - index == 0 { return c }
        a &+= word(index, data.count)
        b &+= word(index + 4, data.count)
        c &+= word(index + 8, data.count)
        final(&a, &b, &c)
        return c
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }

    private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a &-= c; a ^= rotate(c, 4); c &+= b
        b &-= a; b ^= rotate(a, 6); a &+= c
        c &-= b; c ^= rotate(b, 8); b &+= a
        a &-= c; a ^= rotate(c, 16); c &+= b
        b &-= a; b ^= rotate(a, 19); a &+= c
        c &-= b; c ^= rotate(b, 4); b &+= a
    }

    private static func final(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b; c &-= rotate(b, 14)
        a ^= c; a &-= rotate(c, 11)
        b ^= a; b &-= rotate(a, 25)
        c ^= b; c &-= rotate(b, 16)
        a ^= c; a &-= rotate(c, 4)
        b ^= a; b &-= rotate(a, 14)
        c ^= b; c &-= rotate(b, 24)
    }
}
