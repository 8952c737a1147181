/// The bytes of an HDF5 file with the sizes its superblock declares: every structure the reader
/// decodes is read from here through an ``HDF5Cursor``.
final class HDF5Storage: Sendable {
    let bytes: [UInt8]
    /// Names the file in error messages (its path, or what the caller called the bytes).
    let source: String
    /// "Size of Offsets": the bytes of every address field (2, 4 or 8).
    let offsetSize: Int
    /// "Size of Lengths": the bytes of every length field (2, 4 or 8).
    let lengthSize: Int
    /// The file offset that addresses count from (the superblock's position; 0 unless the file has a user block).
    let baseAddress: Int

    init(bytes: [UInt8], source: String, offsetSize: Int, lengthSize: Int, baseAddress: Int) {
        self.bytes = bytes
        self.source = source
        self.offsetSize = offsetSize
        self.lengthSize = lengthSize
        self.baseAddress = baseAddress
    }

    /// The file offset of address `raw`, or nil for the undefined address (every bit set).
    func absolute(_ raw: UInt64, _ what: @autoclosure () -> String) throws -> Int? {
        let undefined: UInt64 = offsetSize == 8 ? .max : (1 << UInt64(8 * offsetSize)) - 1
        if raw == undefined { return nil }
        let (offset, overflow) = Int(baseAddress).addingReportingOverflow(Int(clamping: raw))
        guard !overflow, raw < UInt64(Int.max) else { throw HDF5Problem("\(what()) \(raw) is larger than any file") }
        return offset
    }

    /// A cursor at address `offset` (absolute), refusing an address past the end of the file.
    func cursor(at offset: Int, _ what: @autoclosure () -> String) throws -> HDF5Cursor {
        guard offset >= 0, offset < bytes.count else {
            throw HDF5Problem("\(what()) at byte \(offset) lies past the end of the file (\(bytes.count) bytes; truncated or damaged)")
        }
        return try HDF5Cursor(self, at: offset, what())
    }

    /// A cursor over the `size` bytes at `offset`, refusing a range that leaves the file.
    func cursor(at offset: Int, size: Int, _ what: @autoclosure () -> String) throws -> HDF5Cursor {
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard offset >= 0, size >= 0, !overflow, end <= bytes.count else {
            throw HDF5Problem("\(what()) of \(size) bytes at byte \(offset) runs past the end of the file (\(bytes.count) bytes; truncated or damaged)")
        }
        return try HDF5Cursor(self, from: offset, to: end, what())
    }

    /// Checks the Jenkins lookup3 checksum that version-2 metadata stores right after `bytes[start..<end]`.
    func verifyChecksum(from start: Int, to end: Int, _ what: @autoclosure () -> String) throws {
        var cursor = try HDF5Cursor(self, from: end, to: min(bytes.count, max(end, end + 4)), what())
        let stored = UInt32(try cursor.unsigned(4, "the checksum of \(what())"))
        let computed = HDF5Checksum.lookup3(bytes[start..<end])
        guard stored == computed else {
            throw HDF5Problem("\(what()) at byte \(start) has checksum \(hex(stored)) but its bytes give \(hex(computed)); the file is damaged")
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
