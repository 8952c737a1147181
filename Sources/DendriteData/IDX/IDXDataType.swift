import DendriteCore
/// The element types of the IDX format (the third byte of the header), stored big-endian.
public enum IDXDataType: UInt8, Sendable, CaseIterable, Codable {
    /// 0x08: unsigned byte, 0…255 (MNIST images and labels).
    case unsignedByte = 0x08
    /// 0x09: signed byte, −128…127.
    case signedByte = 0x09
    /// 0x0B: 16-bit signed integer.
    case short = 0x0B
    /// 0x0C: 32-bit signed integer.
    case int = 0x0C
    /// 0x0D: 32-bit IEEE float.
    case float = 0x0D
    /// 0x0E: 64-bit IEEE double.
    case double = 0x0E

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .unsignedByte, .signedByte: 1
        case .short: 2
        case .int, .float: 4
        case .double: 8
        }
    }

    /// The name used in messages (as in the IDX description).
    public var name: String {
        switch self {
        case .unsignedByte: "ubyte"
        case .signedByte: "byte"
        case .short: "short"
        case .int: "int"
        case .float: "float"
        case .double: "double"
        }
    }

    /// The integer range of an integer type; nil for floating-point types.
    var integerRange: ClosedRange<Double>? {
        switch self {
        case .unsignedByte: 0...255
        case .signedByte: -128...127
        case .short: Double(Int16.min)...Double(Int16.max)
        case .int: Double(Int32.min)...Double(Int32.max)
        case .float, .double: nil
        }
    }

    /// The element starting at `bytes[offset]`, as a Float.
    func value(_ bytes: [UInt8], at offset: Int) -> Float {
        var bits: UInt64 = 0
        for index in 0..<size { bits = bits << 8 | UInt64(bytes[offset + index]) }
        switch self {
        case .unsignedByte: return Float(bits)
        case .signedByte: return Float(Int8(truncatingIfNeeded: bits))
        case .short: return Float(Int16(truncatingIfNeeded: bits))
        case .int: return Float(Int32(truncatingIfNeeded: bits))
        case .float: return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
        case .double: return Float(Double(bitPattern: bits))
        }
    }

    /// Appends `value` big-endian; it must fit the type (checked by the caller).
    func append(_ value: Float, to bytes: inout [UInt8]) {
        let bits: UInt64
        switch self {
        case .unsignedByte: bits = UInt64(UInt8(value))
        case .signedByte: bits = UInt64(UInt8(bitPattern: Int8(value)))
        case .short: bits = UInt64(UInt16(bitPattern: Int16(value)))
        case .int: bits = UInt64(UInt32(bitPattern: Int32(value)))
        case .float: bits = UInt64(value.bitPattern)
        case .double: bits = Double(value).bitPattern
        }
        for index in stride(from: size - 1, through: 0, by: -1) { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * index))) }
    }
}
