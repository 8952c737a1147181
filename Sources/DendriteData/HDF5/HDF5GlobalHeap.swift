/// The global heap, where variable-length data (h5py's `str` values) live. A reference in a
/// dataset or attribute is `length (4), collection address, object index (4)`; a collection is
///
/// ```
/// "GCOL", version 1, 3 reserved bytes, collection size (length field), then objects:
///   index (2), reference count (2), 4 reserved bytes, size (length field), data padded to 8 bytes
/// ```
/// Index 0 marks the free space at the end of a collection. Collections are decoded once each.
struct HDF5GlobalHeap {
    let storage: HDF5Storage
    /// Collection address → object index → the object's bytes in the file.
    private var collections: [Int: [Int: Range<Int>]] = [:]

    init(_ storage: HDF5Storage) { self.storage = storage }

    /// The string a variable-length reference points to (its bytes decoded as UTF-8).
    mutating func string(_ reference: ArraySlice<UInt8>) throws -> String {
        let bytes = try object(reference)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes a variable-length reference points to.
    mutating func object(_ reference: ArraySlice<UInt8>) throws -> ArraySlice<UInt8> {
        let offsetSize = storage.offsetSize
        guard reference.count >= 8 + offsetSize else {
            throw HDF5Problem("a variable-length reference of \(reference.count) bytes is shorter than \(8 + offsetSize)")
        }
        func field(_ from: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(reference[reference.startIndex + from + $1]) << (8 * UInt64($1)) }
        }
        let length = Int(field(0, 4)), index = Int(field(4 + offsetSize, 4))
        if length == 0 { return [] }
        guard let address = try storage.absolute(field(4, offsetSize), "a global heap address") else {
            throw HDF5Problem("a variable-length value of \(length) bytes has an undefined global heap address")
        }
        if collections[address] == nil { collections[address] = try Self.collection(storage, at: address) }
        guard let range = collections[address]?[index] else {
            throw HDF5Problem("the global heap collection at byte \(address) has no object \(index)")
        }
        guard length <= range.count else {
            throw HDF5Problem("a variable-length value of \(length) bytes is longer than its global heap object (\(range.count) bytes)")
        }
        return storage.bytes[range.lowerBound..<(range.lowerBound + length)]
    }

    private static func collection(_ storage: HDF5Storage, at address: Int) throws -> [Int: Range<Int>] {
        var header = try storage.cursor(at: address, "a global heap collection")
        try header.signature("GCOL", "a global heap collection")
        let version = try header.uint8()
        guard version == 1 else { throw HDF5Problem("global heap collection at byte \(address) has version \(version), not 1") }
        try header.skip(3, "the global heap's reserved bytes")
        let size = try header.length("the global heap collection size")
        var cursor = try storage.cursor(at: address, size: size, "the global heap collection")
        try cursor.skip(header.position - address, "the global heap header")
        var objects: [Int: Range<Int>] = [:]
        while cursor.remaining >= 8 + storage.lengthSize {
            let index = try cursor.uint16()
            try cursor.skip(6, "a global heap object's reference count")
            let objectSize = try cursor.length("a global heap object size")
            if index == 0 { break }
            let start = cursor.position
            try cursor.skip(objectSize, "global heap object \(index)")
            objects[index] = start..<(start + objectSize)
            if cursor.remaining > 0 { try cursor.align(8, from: address) }
        }
        return objects
    }
}
