/// Converting the raw bytes of a dataset or attribute into Swift values, element by element,
/// following its ``HDF5DataType``.
enum HDF5Elements {
    /// One integer element (an integer type or an enumeration's base), taken from the front of `bytes`.
    static func integer(_ bytes: inout ArraySlice<UInt8>, _ type: HDF5DataType) throws -> Int {
        guard case .integer(let size, let signed, let bigEndian) = type, bytes.count >= size else {
            throw HDF5Problem("\(type) is not an integer type")
        }
        let raw = unsigned(bytes, size: size, bigEndian: bigEndian)
        bytes = bytes.dropFirst(size)
        if signed {
            let shift = UInt64(64 - 8 * size)
            return Int(Int64(bitPattern: raw << shift) >> Int64(shift))
        }
        guard raw <= UInt64(Int.max) else { throw HDF5Problem("the unsigned value \(raw) does not fit a 64-bit signed integer") }
        return Int(raw)
    }

    /// `count` elements as `Double`s (integers, floats and enumerations such as `bool`).
    static func doubles(_ raw: ArraySlice<UInt8>, _ type: HDF5DataType, count: Int) throws -> [Double] {
        switch type {
        case .integer(let size, let signed, let bigEndian):
            return (0..<count).map { index in
                let value = unsigned(raw.dropFirst(index * size), size: size, bigEndian: bigEndian)
                if signed {
                    let shift = UInt64(64 - 8 * size)
                    return Double(Int64(bitPattern: value << shift) >> Int64(shift))
                }
                return Double(value)
            }
        case .float(let size, let bigEndian, let exponentBits, let mantissaBits):
            return (0..<count).map { index in
                let bits = unsigned(raw.dropFirst(index * size), size: size, bigEndian: bigEndian)
                return floatingPoint(bits, size: size, exponentBits: exponentBits, mantissaBits: mantissaBits)
            }
        case .enumeration(let base, _, _):
            return try doubles(raw, base, count: count)
        default:
            throw HDF5Problem("\(type) values are not numbers")
        }
    }

    /// `count` elements as `Float`s; little-endian float32, the common case, without a detour through `Double`.
    static func floats(_ raw: ArraySlice<UInt8>, _ type: HDF5DataType, count: Int) throws -> [Float] {
        if case .float(4, false, 8, 23) = type {
            return raw.withUnsafeBytes { buffer in
                (0..<count).map { Float(bitPattern: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian) }
            }
        }
        return try doubles(raw, type, count: count).map { Float($0) }
    }

    /// `count` elements as `Int`s (integers and enumerations).
    static func integers(_ raw: ArraySlice<UInt8>, _ type: HDF5DataType, count: Int) throws -> [Int] {
        let base: HDF5DataType
        switch type {
        case .integer: base = type
        case .enumeration(let enumerationBase, _, _): base = enumerationBase
        default: throw HDF5Problem("\(type) values are not integers")
        }
        var bytes = raw
        return try (0..<count).map { _ in try integer(&bytes, base) }
    }

    /// `count` string elements: fixed-length ones from the bytes, variable-length ones from the global heap.
    static func strings(_ raw: ArraySlice<UInt8>, _ type: HDF5DataType, elementSize: Int, count: Int,
                        heap: inout HDF5GlobalHeap) throws -> [String] {
        switch type {
        case .fixedLengthString(let length, let spacePadded, _):
            return (0..<count).map { index in
                let start = raw.startIndex + index * length
                var element = raw[start..<(start + length)]
                if let zero = element.firstIndex(of: 0) { element = element[..<zero] }
                if spacePadded { while element.last == 0x20 { element = element.dropLast() } }
                return String(decoding: element, as: UTF8.self)
            }
        case .variableLengthString:
            return try (0..<count).map { index in
                let start = raw.startIndex + index * elementSize
                return try heap.string(raw[start..<(start + elementSize)])
            }
        default:
            throw HDF5Problem("\(type) values are not strings")
        }
    }

    private static func unsigned(_ bytes: ArraySlice<UInt8>, size: Int, bigEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        let start = bytes.startIndex
        for index in 0..<size {
            let byte = UInt64(bytes[start + (bigEndian ? size - 1 - index : index)])
            value |= byte << (8 * UInt64(index))
        }
        return value
    }

    /// The value of a binary float with the given field widths (sign at the top, then exponent, then mantissa).
    private static func floatingPoint(_ bits: UInt64, size: Int, exponentBits: Int, mantissaBits: Int) -> Double {
        switch (size, exponentBits) {
        case (8, 11): return Double(bitPattern: bits)
        case (4, 8): return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        default:
            let sign: Double = bits >> UInt64(exponentBits + mantissaBits) & 1 == 1 ? -1 : 1
            let exponent = Int(bits >> UInt64(mantissaBits)) & (1 << exponentBits - 1)
            let mantissa = Double(bits & (1 << UInt64(mantissaBits) - 1))
            let bias = (1 << (exponentBits - 1)) - 1, scale = Double(1 << mantissaBits)
            if exponent == (1 << exponentBits) - 1 { return mantissa == 0 ? sign * .infinity : .nan }
            if exponent == 0 { return sign * mantissa / scale * pow2(1 - bias) }
            return sign * (1 + mantissa / scale) * pow2(exponent - bias)
        }
    }

    private static func pow2(_ exponent: Int) -> Double { Double(sign: .plus, exponent: exponent, significand: 1) }
}
