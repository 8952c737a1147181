/// Little-endian reading of one structure inside an HDF5 file, where every read is checked against
/// the end of the structure (and so of the file) before it happens: damaged sizes and offsets
/// end in an ``HDF5Problem``, never in an out-of-range index.
struct HDF5Cursor {
    let file: HDF5Storage
    /// The index in `file.bytes` of the next byte to read.
    private(set) var position: Int
    /// One past the last byte this structure may use.
    let end: Int

    /// A cursor over `file.bytes[start..<end]`; `what` names the structure if the range is outside the file.
    init(_ file: HDF5Storage, from start: Int, to end: Int, _ what: @autoclosure () -> String) throws {
        guard start >= 0, start <= end, end <= file.bytes.count else {
            throw HDF5Problem("\(what()) at byte \(start)…\(end) lies outside the file of \(file.bytes.count) bytes")
        }
        self.file = file
        position = start
        self.end = end
    }

    /// A cursor from file offset `start` to the end of the file.
    init(_ file: HDF5Storage, at start: Int, _ what: @autoclosure () -> String) throws {
        try self.init(file, from: start, to: max(start, file.bytes.count), what())
    }

    var remaining: Int { end - position }

    mutating func require(_ count: Int, _ what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw HDF5Problem("\(what()) needs \(count) bytes at byte \(position), but only \(max(remaining, 0)) remain "
                              + (end == file.bytes.count ? "in the file (truncated?)" : "in its structure"))
        }
    }

    mutating func skip(_ count: Int, _ what: @autoclosure () -> String = "a field") throws {
        try require(count, what())
        position += count
    }

    mutating func uint8() throws -> UInt8 {
        try require(1, "a byte")
        defer { position += 1 }
        return file.bytes[position]
    }

    /// An unsigned little-endian integer of `size` bytes (1 to 8).
    mutating func unsigned(_ size: Int, _ what: @autoclosure () -> String = "an integer") throws -> UInt64 {
        precondition((1...8).contains(size), "HDF5Cursor.unsigned: size \(size) is not 1 to 8 bytes")
        try require(size, what())
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(file.bytes[position + index]) << (8 * UInt64(index)) }
        position += size
        return value
    }

    mutating func uint16() throws -> Int { Int(try unsigned(2)) }
    mutating func uint32() throws -> Int { Int(try unsigned(4)) }

    /// An unsigned integer of `size` bytes (0 to 8) as an `Int`, refused when it does not fit.
    mutating func size(_ size: Int, _ what: @autoclosure () -> String) throws -> Int {
        guard size > 0 else { return 0 }
        let value = try unsigned(size, what())
        guard value <= UInt64(Int.max) else { throw HDF5Problem("\(what()) \(value) is larger than any file") }
        return Int(value)
    }

    /// A length field ("Size of Lengths" bytes).
    mutating func length(_ what: @autoclosure () -> String) throws -> Int { try size(file.lengthSize, what()) }

    /// An address field ("Size of Offsets" bytes) as an absolute file offset, or nil for the
    /// undefined address (all bits set). The address is not checked against the file size here:
    /// whoever follows it does that with the structure's size.
    mutating func address(_ what: @autoclosure () -> String) throws -> Int? {
        let raw = try unsigned(file.offsetSize, what())
        return try file.absolute(raw, what())
    }

    mutating func bytes(_ count: Int, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        try require(count, what())
        defer { position += count }
        return file.bytes[position..<(position + count)]
    }

    /// Checks the 4-byte signature of a structure ("TREE", "HEAP", "OHDR", …).
    mutating func signature(_ expected: String, _ what: @autoclosure () -> String) throws {
        let found = try bytes(4, what())
        guard found.elementsEqual(expected.utf8) else {
            let shown = found.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
            throw HDF5Problem("\(what()) at byte \(position - 4) should start with the signature '\(expected)' but has '\(shown)'")
        }
    }

    /// A zero-terminated string of at most the remaining bytes; the position moves past the zero.
    mutating func zeroTerminatedString(_ what: @autoclosure () -> String) throws -> String {
        guard let zero = file.bytes[position..<end].firstIndex(of: 0) else {
            throw HDF5Problem("\(what()) at byte \(position) has no terminating zero byte")
        }
        defer { position = zero + 1 }
        return String(decoding: file.bytes[position..<zero], as: UTF8.self)
    }

    /// Moves to the next multiple of `alignment` counted from `origin`.
    mutating func align(_ alignment: Int, from origin: Int) throws {
        let misalignment = (position - origin) % alignment
        if misalignment != 0 { try skip(alignment - misalignment, "alignment padding") }
    }
}
