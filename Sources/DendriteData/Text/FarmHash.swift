/// FarmHash's 64-bit fingerprint (`farmhash::Fingerprint64`, the "na" variant of Google's FarmHash),
/// which TensorFlow's `tf.strings.to_hash_bucket_fast` uses: Keras' lookups put an out-of-vocabulary
/// string in OOV bucket `fingerprint64(bytes) % numOOVIndices`. A fingerprint never changes between
/// versions or machines, so buckets match Keras exactly.
///
/// The input is read as little-endian 64- and 32-bit words; all arithmetic wraps modulo 2⁶⁴.
enum FarmHash {
    private static let k0: UInt64 = 0xc3a5_c85c_97cb_3127
    private static let k1: UInt64 = 0xb492_b66f_be98_f273
    private static let k2: UInt64 = 0x9ae1_6a3b_2f90_404f

    /// The fingerprint of `bytes`.
    static func fingerprint64(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { hash64(Bytes($0)) }
    }

    /// A view of the input with the two word readers the algorithm needs.
    private struct Bytes {
        let buffer: UnsafeBufferPointer<UInt8>
        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }
        var count: Int { buffer.count }
        subscript(_ index: Int) -> UInt64 { UInt64(buffer[index]) }
        func word64(_ offset: Int) -> UInt64 {
            (0..<8).reduce(0) { $0 | UInt64(buffer[offset + $1]) << (8 * UInt64($1)) }
        }
        func word32(_ offset: Int) -> UInt64 {
            (0..<4).reduce(0) { $0 | UInt64(buffer[offset + $1]) << (8 * UInt64($1)) }
        }
    }

    private static func rotate(_ value: UInt64, _ shift: UInt64) -> UInt64 {
        shift == 0 ? value : (value >> shift) | (value << (64 - shift))
    }

    private static func shiftMix(_ value: UInt64) -> UInt64 { value ^ (value >> 47) }

    private static func hashLength16(_ u: UInt64, _ v: UInt64, _ multiplier: UInt64) -> UInt64 {
        var a = (u ^ v) &* multiplier
        a ^= a >> 47
        var b = (v ^ a) &* multiplier
        b ^= b >> 47
        return b &* multiplier
    }

    /// CityHash's `Hash128to64` of the pair (low `u`, high `v`).
    private static func hashLength16(_ u: UInt64, _ v: UInt64) -> UInt64 {
        hashLength16(u, v, 0x9ddf_ea08_eb38_2d69)
    }

    private static func hashLength0to16(_ s: Bytes) -> UInt64 {
        let length = UInt64(s.count)
        if s.count >= 8 {
            let multiplier = k2 &+ length &* 2
            let a = s.word64(0) &+ k2
            let b = s.word64(s.count - 8)
            let c = rotate(b, 37) &* multiplier &+ a
            let d = (rotate(a, 25) &+ b) &* multiplier
            return hashLength16(c, d, multiplier)
        }
        if s.count >= 4 {
            let multiplier = k2 &+ length &* 2
            let a = s.word32(0)
            return hashLength16(length &+ (a << 3), s.word32(s.count - 4), multiplier)
        }
        if s.count > 0 {
            let y = s[0] &+ (s[s.count >> 1] << 8)
            let z = length &+ (s[s.count - 1] << 2)
            return shiftMix(y &* k2 ^ z &* k0) &* k2
        }
        return k2
    }

    private static func hashLength17to32(_ s: Bytes) -> UInt64 {
        let multiplier = k2 &+ UInt64(s.count) &* 2
        let a = s.word64(0) &* k1
        let b = s.word64(8)
        let c = s.word64(s.count - 8) &* multiplier
        let d = s.word64(s.count - 16) &* k2
        return hashLength16(rotate(a &+ b, 43) &+ rotate(c, 30) &+ d, a &+ rotate(b &+ k2, 18) &+ c, multiplier)
    }

    private static func hashLength33to64(_ s: Bytes) -> UInt64 {
        let multiplier = k2 &+ UInt64(s.count) &* 2
        let a = s.word64(0) &* k2
        let b = s.word64(8)
        let c = s.word64(s.count - 8) &* multiplier
        let d = s.word64(s.count - 16) &* k2
        let y = rotate(a &+ b, 43) &+ rotate(c, 30) &+ d
        let z = hashLength16(y, a &+ rotate(b &+ k2, 18) &+ c, multiplier)
        let e = s.word64(16) &* multiplier
        let f = s.word64(24)
        let g = (y &+ s.word64(s.count - 32)) &* multiplier
        let h = (z &+ s.word64(s.count - 24)) &* multiplier
        return hashLength16(rotate(e &+ f, 43) &+ rotate(g, 30) &+ h, e &+ rotate(f &+ a, 18) &+ g, multiplier)
    }

    /// Two 64-bit values mixed from the 32 bytes at `offset` and two seeds.
    private static func weakHashLength32(_ s: Bytes, _ offset: Int, _ seedA: UInt64, _ seedB: UInt64)
        -> (UInt64, UInt64) {
        let w = s.word64(offset), x = s.word64(offset + 8), y = s.word64(offset + 16), z = s.word64(offset + 24)
        var a = seedA &+ w
        var b = rotate(seedB &+ a &+ z, 21)
        let c = a
        a = a &+ x
        a = a &+ y
        b = b &+ rotate(a, 44)
        return (a &+ z, b &+ c)
    }

    private static func hash64(_ s: Bytes) -> UInt64 {
        if s.count <= 16 { return hashLength0to16(s) }
        if s.count <= 32 { return hashLength17to32(s) }
        if s.count <= 64 { return hashLength33to64(s) }
        // Longer inputs: 64 bytes at a time into seven words of state, then the last 64 bytes.
        let seed: UInt64 = 81
        var x = seed
        var y = seed &* k1 &+ 113
        var z = shiftMix(y &* k2 &+ 113) &* k2
        var v: (UInt64, UInt64) = (0, 0), w: (UInt64, UInt64) = (0, 0)
        x = x &* k2 &+ s.word64(0)
        let end = ((s.count - 1) / 64) * 64
        let last64 = end + ((s.count - 1) & 63) - 63
        var offset = 0
        repeat {
            x = rotate(x &+ y &+ v.0 &+ s.word64(offset + 8), 37) &* k1
            y = rotate(y &+ v.1 &+ s.word64(offset + 48), 42) &* k1
            x ^= w.1
            y = y &+ v.0 &+ s.word64(offset + 40)
            z = rotate(z &+ w.0, 33) &* k1
            v = weakHashLength32(s, offset, v.1 &* k1, x &+ w.0)
            w = weakHashLength32(s, offset + 32, z &+ w.1, y &+ s.word64(offset + 16))
            swap(&z, &x)
            offset += 64
        } while offset != end
        let multiplier = k1 &+ ((z & 0xff) << 1)
        offset = last64
        w.0 = w.0 &+ UInt64((s.count - 1) & 63)
        v.0 = v.0 &+ w.0
        w.0 = w.0 &+ v.0
        x = rotate(x &+ y &+ v.0 &+ s.word64(offset + 8), 37) &* multiplier
        y = rotate(y &+ v.1 &+ s.word64(offset + 48), 42) &* multiplier
        x ^= w.1 &* 9
        y = y &+ v.0 &* 9 &+ s.word64(offset + 40)
        z = rotate(z &+ w.0, 33) &* multiplier
        v = weakHashLength32(s, offset, v.1 &* multiplier, x &+ w.0)
        w = weakHashLength32(s, offset + 32, z &+ w.1, y &+ s.word64(offset + 16))
        swap(&z, &x)
        return hashLength16(hashLength16(v.0, w.0, multiplier) &+ shiftMix(y) &* k0 &+ z,
                            hashLength16(v.1, w.1, multiplier) &+ x, multiplier)
    }
}
