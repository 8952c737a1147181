/// The element type of an HDF5 dataset or attribute, as its datatype message (type 0x03) declares it.
///
/// ```
/// class and version (4 + 4 bits), class bit field (3 bytes), element size (4), properties:
///   0 fixed-point:  bit 0 byte order (1 = big-endian), bit 3 signed; bit offset (2), precision (2)
///   1 floating:     bit 0 byte order, bits 8–15 sign bit; bit offset, precision, exponent location,
///                   exponent size, mantissa location, mantissa size (1 each), exponent bias (4)
///   3 string:       bits 0–3 padding (0 zero-terminated, 1 zero-padded, 2 space-padded), bits 4–7 UTF-8
///   8 enumeration:  bits 0–15 member count; base type, member names, member values
///   9 variable-length: bits 0–3 kind (1 string), bits 8–11 UTF-8; base type
/// ```
/// h5py stores `bool` as an enumeration of `int8` {FALSE: 0, TRUE: 1} and `str` as a
/// variable-length UTF-8 string. Compound, opaque, reference, array and bitfield types are
/// described but their values are not decoded.
public indirect enum HDF5DataType: Sendable, Equatable, CustomStringConvertible {
    /// A two's-complement or unsigned integer of `size` bytes (1, 2, 4 or 8).
    case integer(size: Int, signed: Bool, bigEndian: Bool)
    /// An IEEE-754-style binary float of `size` bytes: sign, exponent and mantissa fields as stored.
    case float(size: Int, bigEndian: Bool, exponentBits: Int, mantissaBits: Int)
    /// A fixed-length string of `length` bytes, cut at the first zero byte (or trailing spaces).
    case fixedLengthString(length: Int, spacePadded: Bool, utf8: Bool)
    /// A string of any length stored in the global heap.
    case variableLengthString(utf8: Bool)
    /// Named values over an integer base type (h5py's `bool` is `{FALSE: 0, TRUE: 1}` over `int8`).
    case enumeration(base: HDF5DataType, names: [String], values: [Int])
    /// A type whose values this reader does not decode (compound, opaque, array, reference, …).
    case unsupported(description: String, size: Int)

    /// Whether values convert to numbers (integers, floats, enumerations such as `bool`).
    public var isNumeric: Bool {
        switch self {
        case .integer, .float, .enumeration: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .integer(let size, let signed, let bigEndian): "\(signed ? "" : "u")int\(size * 8)\(bigEndian ? " (big-endian)" : "")"
        case .float(let size, let bigEndian, let exponentBits, _):
            size == 2 && exponentBits == 8 ? "bfloat16\(bigEndian ? " (big-endian)" : "")" : "float\(size * 8)\(bigEndian ? " (big-endian)" : "")"
        case .fixedLengthString(let length, _, let utf8): "fixed-length \(utf8 ? "UTF-8" : "ASCII") string of \(length) bytes"
        case .variableLengthString(let utf8): "variable-length \(utf8 ? "UTF-8" : "ASCII") string"
        case .enumeration(let base, let names, _):
            names == ["FALSE", "TRUE"] ? "bool (enumeration over \(base))" : "enumeration over \(base) (\(names.count) members)"
        case .unsupported(let description, _): description
        }
    }
}

/// Decoding a datatype message: the type and the bytes one element takes in the file.
struct HDF5DataTypeMessage {
    let type: HDF5DataType
    /// The bytes of one element in the file, as declared.
    let elementSize: Int

    /// Nested base types (enumeration, variable-length) stop at this depth.
    private static let maximumDepth = 8

    init(_ message: HDF5Message, _ storage: HDF5Storage, depth: Int = 0) throws {
        if message.isShared {
            self = try Self.committed(message, storage, depth: depth)
            return
        }
        var cursor = try message.cursor(storage)
        try self.init(&cursor, depth: depth)
    }

    init(_ cursor: inout HDF5Cursor, depth: Int = 0) throws {
        guard depth <= Self.maximumDepth else { throw HDF5Problem("datatypes nest more than \(Self.maximumDepth) levels deep") }
        let classAndVersion = try cursor.uint8()
        let typeClass = Int(classAndVersion & 0x0F), version = Int(classAndVersion >> 4)
        guard (1...5).contains(version) else { throw HDF5Problem("datatype message version \(version) is not 1 to 5") }
        let bits = try cursor.unsigned(3, "the datatype's class bits")
        let size = try cursor.uint32()
        elementSize = size
        switch typeClass {
        case 0:
            let offset = try cursor.uint16(), precision = try cursor.uint16()
            guard [1, 2, 4, 8].contains(size), offset == 0, precision == 8 * size else {
                type = .unsupported(description: "integer of \(size) bytes with \(precision) bits at bit \(offset)", size: size)
                return
            }
            type = .integer(size: size, signed: bits & 0x08 != 0, bigEndian: bits & 0x01 != 0)
        case 1:
            let offset = try cursor.uint16(), precision = try cursor.uint16()
            let exponentLocation = Int(try cursor.uint8()), exponentBits = Int(try cursor.uint8())
            let mantissaLocation = Int(try cursor.uint8()), mantissaBits = Int(try cursor.uint8())
            let bias = try cursor.uint32()
            let signLocation = Int(bits >> 8 & 0xFF), normalization = bits >> 4 & 0x03
            // The layouts IEEE 754 and bfloat16 use: sign, exponent, mantissa from the top bit down,
            // an implied leading 1 and the usual bias. VAX byte order (bit 6) is not one of them.
            let isStandard = [2, 4, 8].contains(size) && offset == 0 && precision == 8 * size
                && bits & 0x40 == 0 && normalization == 2 && mantissaLocation == 0
                && exponentLocation == mantissaBits && signLocation == exponentLocation + exponentBits
                && signLocation == precision - 1 && exponentBits >= 2 && exponentBits <= 11
                && bias == (1 << (exponentBits - 1)) - 1
            type = isStandard
                ? .float(size: size, bigEndian: bits & 0x01 != 0, exponentBits: exponentBits, mantissaBits: mantissaBits)
                : .unsupported(description: "floating point of \(size) bytes with a non-IEEE layout", size: size)
        case 3:
            type = .fixedLengthString(length: size, spacePadded: bits & 0x0F == 2, utf8: bits >> 4 & 0x0F == 1)
        case 8:
            let count = Int(bits & 0xFFFF)
            let base = try HDF5DataTypeMessage(&cursor, depth: depth + 1)
            guard case .integer = base.type else {
                type = .unsupported(description: "enumeration over \(base.type)", size: size)
                return
            }
            var names: [String] = []
            for _ in 0..<count {
                let start = cursor.position
                names.append(try cursor.zeroTerminatedString("an enumeration member name"))
                // Versions 1 and 2 pad each name to a multiple of 8 bytes.
                if version < 3 { try cursor.align(8, from: start) }
            }
            var values: [Int] = []
            for _ in 0..<count {
                var element = try cursor.bytes(base.elementSize, "an enumeration member value")
                values.append(try HDF5Elements.integer(&element, base.type))
            }
            type = .enumeration(base: base.type, names: names, values: values)
        case 9:
            let base = try HDF5DataTypeMessage(&cursor, depth: depth + 1)
            if bits & 0x0F == 1 {
                type = .variableLengthString(utf8: bits >> 8 & 0x0F == 1)
            } else {
                type = .unsupported(description: "variable-length sequence of \(base.type)", size: size)
            }
        default:
            let names = [2: "time", 4: "bitfield", 5: "opaque", 6: "compound", 7: "reference", 10: "array", 11: "complex"]
            type = .unsupported(description: "\(names[typeClass] ?? "class \(typeClass)") type of \(size) bytes", size: size)
        }
    }

    /// A datatype stored once in its own object header (a "committed" type) and referred to by address.
    private static func committed(_ message: HDF5Message, _ storage: HDF5Storage, depth: Int) throws -> HDF5DataTypeMessage {
        var cursor = try message.cursor(storage)
        let version = try cursor.uint8(), kind = try cursor.uint8()
        switch version {
        case 1: try cursor.skip(6, "a shared message's reserved bytes")
        case 2: break
        case 3: guard kind == 2 else { throw HDF5Problem("the datatype is in the shared message heap, which this reader does not read") }
        default: throw HDF5Problem("shared message version \(version) is not 1 to 3")
        }
        guard let address = try cursor.address("the committed datatype's address") else {
            throw HDF5Problem("a shared datatype message has an undefined address")
        }
        guard depth < maximumDepth else { throw HDF5Problem("committed datatypes refer to each other more than \(maximumDepth) levels deep") }
        let header = try HDF5ObjectHeader(storage, at: address)
        guard let stored = header.first(.datatype) else {
            throw HDF5Problem("the committed datatype at byte \(address) has no datatype message")
        }
        return try HDF5DataTypeMessage(stored, storage, depth: depth + 1)
    }
}
