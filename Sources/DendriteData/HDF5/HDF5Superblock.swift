/// The superblock, the start of every HDF5 file: the format signature `89 48 44 46 0d 0a 1a 0a`,
/// the sizes of address and length fields, and where the root group's object header is.
///
/// ```
/// version 0, 1: signature, version, free-space/root-entry/shared-header versions, offset size,
///               length size, group leaf K (2), group internal K (2), flags (4), [v1: chunk K (2), 2 reserved],
///               base, free-space, end-of-file and driver addresses, root group symbol table entry
/// version 2, 3: signature, version, offset size, length size, flags (1), base, extension,
///               end-of-file and root object header addresses, checksum
/// ```
/// The signature may sit at byte 0, 512, 1024, 2048, … (after a user block).
struct HDF5Superblock {
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    let version: Int
    let storage: HDF5Storage
    /// The file offset of the root group's object header.
    let rootObjectAddress: Int

    init(bytes: [UInt8], source: String) throws {
        var start = 0
        while !(start + 8 <= bytes.count && bytes[start..<(start + 8)].elementsEqual(Self.signature)) {
            start = start == 0 ? 512 : start * 2
            guard start + 8 <= bytes.count else {
                throw HDF5Problem(bytes.count < 8
                    ? "\(bytes.count) bytes cannot hold the 8-byte HDF5 signature"
                    : "no HDF5 signature (89 48 44 46 0d 0a 1a 0a) at byte 0, 512, 1024 or any later power of two; this is not an HDF5 file")
            }
        }
        guard start + 16 <= bytes.count else { throw HDF5Problem("the superblock at byte \(start) is truncated (the file has \(bytes.count) bytes)") }
        version = Int(bytes[start + 8])
        let sizesAt = version < 2 ? start + 13 : start + 9
        let offsetSize = Int(bytes[sizesAt]), lengthSize = Int(bytes[sizesAt + 1])
        guard [2, 4, 8].contains(offsetSize), [2, 4, 8].contains(lengthSize) else {
            throw HDF5Problem("the superblock declares \(offsetSize)-byte addresses and \(lengthSize)-byte lengths; HDF5 allows 2, 4 or 8")
        }
        storage = HDF5Storage(bytes: bytes, source: source, offsetSize: offsetSize, lengthSize: lengthSize, baseAddress: start)
        var cursor = try HDF5Cursor(storage, at: start + 9, "the superblock")
        switch version {
        case 0, 1:
            try cursor.skip(7, "the superblock's version fields and sizes")
            let leafK = try cursor.uint16(), internalK = try cursor.uint16()
            guard leafK > 0, internalK > 0 else { throw HDF5Problem("the superblock's group B-tree K values \(leafK) and \(internalK) must be positive") }
            try cursor.skip(4, "the superblock's flags")
            if version == 1 { try cursor.skip(4, "the superblock's chunk B-tree K") }
            try cursor.skip(4 * offsetSize, "the superblock's addresses")
            // The root group's symbol table entry: link name offset, then the object header address.
            try cursor.skip(offsetSize, "the root group's symbol table entry")
            rootObjectAddress = try Self.root(try cursor.address("the root group's object header address"))
        case 2, 3:
            try cursor.skip(3, "the superblock's sizes and flags")
            try cursor.skip(3 * offsetSize, "the superblock's addresses")
            rootObjectAddress = try Self.root(try cursor.address("the root group's object header address"))
            try storage.verifyChecksum(from: start, to: cursor.position, "the superblock")
        default:
            throw HDF5Problem("superblock version \(version) is not one of 0, 1, 2, 3 (the versions HDF5 has defined)")
        }
    }

    private static func root(_ address: Int?) throws -> Int {
        guard let address else { throw HDF5Problem("the superblock has no root group address") }
        return address
    }
}
