/// The fractal heap, where dense groups keep their link messages and dense attribute storage its
/// attribute messages. Objects are addressed by heap IDs that the group's version 2 B-tree lists.
///
/// ```
/// header "FRHP": version 0, heap ID length (2), I/O filter length (2), flags, maximum managed
///   object size (4), 11 statistics fields, table width (2), starting block size, maximum direct
///   block size, maximum heap size in bits (2), starting root rows (2), root block address,
///   current root rows (2), [filter information], checksum
/// direct block "FHDB":   version, heap header address, block offset, [checksum], objects
/// indirect block "FHIB": version, heap header address, block offset, child direct block addresses,
///   child indirect block addresses, checksum
/// ```
/// The blocks form a doubling table: `width` blocks per row; rows 0 and 1 hold blocks of the
/// starting size and each further row doubles it. Rows whose blocks exceed the maximum direct
/// block size hold indirect blocks, each a smaller doubling table of its own.
struct HDF5FractalHeap {
    let storage: HDF5Storage
    let address: Int
    let heapIDLength: Int
    let width: Int
    let startingBlockSize: Int
    let maximumDirectBlockSize: Int
    let rootAddress: Int?
    let rootRows: Int
    /// Bytes of a block offset and of a managed heap ID's offset field.
    let offsetSize: Int
    /// Bytes of a managed heap ID's length field.
    let lengthSize: Int
    let maximumDirectRows: Int

    init(_ storage: HDF5Storage, at address: Int) throws {
        self.storage = storage
        self.address = address
        var cursor = try storage.cursor(at: address, "a fractal heap header")
        try cursor.signature("FRHP", "a fractal heap header")
        let version = try cursor.uint8()
        guard version == 0 else { throw HDF5Problem("fractal heap at byte \(address) has version \(version), not 0") }
        heapIDLength = try cursor.uint16()
        let filterLength = try cursor.uint16()
        guard filterLength == 0 else { throw HDF5Problem("fractal heap at byte \(address) has compressed blocks, which this reader does not read") }
        try cursor.skip(1, "the fractal heap's flags")
        let maximumManagedSize = try cursor.uint32()
        try cursor.skip(storage.lengthSize + storage.offsetSize + storage.lengthSize + storage.offsetSize + 8 * storage.lengthSize,
                        "the fractal heap's statistics")
        width = try cursor.uint16()
        startingBlockSize = try cursor.length("the fractal heap's starting block size")
        maximumDirectBlockSize = try cursor.length("the fractal heap's maximum direct block size")
        let maximumHeapBits = try cursor.uint16()
        try cursor.skip(2, "the fractal heap's starting root rows")
        rootAddress = try cursor.address("the fractal heap's root block address")
        rootRows = try cursor.uint16()
        try storage.verifyChecksum(from: address, to: cursor.position, "the fractal heap header")
        guard width > 0, width.nonzeroBitCount == 1, startingBlockSize > 0, startingBlockSize.nonzeroBitCount == 1,
              maximumDirectBlockSize >= startingBlockSize, maximumDirectBlockSize.nonzeroBitCount == 1,
              maximumDirectBlockSize <= 1 << 40,
              (1...64).contains(maximumHeapBits), rootRows <= 64 else {
            throw HDF5Problem("fractal heap at byte \(address) has an impossible doubling table (width \(width), blocks \(startingBlockSize)…\(maximumDirectBlockSize), \(maximumHeapBits)-bit heap)")
        }
        offsetSize = (maximumHeapBits + 7) / 8
        let directOffsetSize = (Self.log2(maximumDirectBlockSize) + 7) / 8
        let managedLengthSize = Self.log2(max(maximumManagedSize, 1)) / 8 + 1
        lengthSize = min(directOffsetSize, managedLengthSize)
        maximumDirectRows = Self.log2(maximumDirectBlockSize) - Self.log2(startingBlockSize) + 2
    }

    /// The bytes of the object a heap ID names, as a range of the file.
    func object(_ id: ArraySlice<UInt8>) throws -> Range<Int> {
        guard let first = id.first else { throw HDF5Problem("an empty fractal heap ID") }
        guard first >> 6 == 0 else { throw HDF5Problem("fractal heap ID version \(first >> 6) is not 0") }
        let start = id.startIndex
        switch first >> 4 & 0x03 {
        case 0:
            guard id.count >= 1 + offsetSize + lengthSize else { throw HDF5Problem("a fractal heap ID of \(id.count) bytes is too short") }
            let offset = Self.field(id, from: start + 1, size: offsetSize)
            let length = Self.field(id, from: start + 1 + offsetSize, size: lengthSize)
            return try managedObject(offset: offset, length: length)
        case 2:
            // A tiny object lives in the ID itself.
            let extended = heapIDLength > 18
            let length = extended ? (Int(first & 0x0F) << 8 | Int(id.dropFirst().first ?? 0)) + 1 : Int(first & 0x0F) + 1
            let dataStart = start + (extended ? 2 : 1)
            guard dataStart + length <= id.endIndex else { throw HDF5Problem("a tiny fractal heap object of \(length) bytes overruns its ID") }
            // The ID is a slice of the file, so its indices are file offsets.
            return dataStart..<(dataStart + length)
        case 1: throw HDF5Problem("the object is a 'huge' fractal heap object, which this reader does not read")
        default: throw HDF5Problem("fractal heap ID type 3 is not defined")
        }
    }

    private func managedObject(offset: Int, length: Int) throws -> Range<Int> {
        guard let rootAddress else { throw HDF5Problem("the fractal heap at byte \(address) is empty but an ID points into it") }
        guard length > 0 else { throw HDF5Problem("a fractal heap object has length 0") }
        if rootRows == 0 {
            return try inDirectBlock(rootAddress, blockOffset: 0, blockSize: startingBlockSize, offset: offset, length: length)
        }
        var block = rootAddress, rows = rootRows, blockOffset = 0
        // Each step goes to a child covering a smaller range, so the walk ends after at most 64 steps.
        for _ in 0..<64 {
            let relative = offset - blockOffset
            let firstRowSpan = width * startingBlockSize
            let row = relative < firstRowSpan ? 0 : Self.log2(relative / firstRowSpan) + 1
            guard relative >= 0, row < rows else {
                throw HDF5Problem("fractal heap offset \(offset) lies outside the indirect block at byte \(block)")
            }
            let size = blockSize(row: row)
            let rowStart = row == 0 ? 0 : firstRowSpan << (row - 1)
            let column = (relative - rowStart) / size
            let childOffset = blockOffset + rowStart + column * size
            let entry = row * width + column
            let child = try indirectBlockEntry(block, rows: rows, blockOffset: blockOffset, entry: entry)
            guard let child else { throw HDF5Problem("fractal heap offset \(offset) falls in a block that was never written") }
            if row < maximumDirectRows {
                return try inDirectBlock(child, blockOffset: childOffset, blockSize: size, offset: offset, length: length)
            }
            block = child
            rows = Self.log2(size) - Self.log2(startingBlockSize * width) + 1
            blockOffset = childOffset
        }
        throw HDF5Problem("fractal heap indirect blocks nest too deeply")
    }

    private func blockSize(row: Int) -> Int { row <= 1 ? startingBlockSize : startingBlockSize << (row - 1) }

    /// The child address in entry `entry` of the indirect block at `block` (nil: not allocated).
    private func indirectBlockEntry(_ block: Int, rows: Int, blockOffset: Int, entry: Int) throws -> Int? {
        let headerSize = 5 + storage.offsetSize + offsetSize
        let entries = rows * width
        let size = headerSize + entries * storage.offsetSize
        var cursor = try storage.cursor(at: block, size: size + 4, "a fractal heap indirect block")
        try cursor.signature("FHIB", "a fractal heap indirect block")
        try cursor.skip(1 + storage.offsetSize, "the indirect block's version and heap address")
        let storedOffset = try cursor.size(offsetSize, "the indirect block's offset")
        guard storedOffset == blockOffset else {
            throw HDF5Problem("the fractal heap indirect block at byte \(block) says it starts at heap offset \(storedOffset), not \(blockOffset)")
        }
        try storage.verifyChecksum(from: block, to: block + size, "a fractal heap indirect block")
        try cursor.skip(entry * storage.offsetSize, "the indirect block's entries")
        return try cursor.address("a fractal heap block address")
    }

    private func inDirectBlock(_ block: Int, blockOffset: Int, blockSize: Int, offset: Int, length: Int) throws -> Range<Int> {
        var cursor = try storage.cursor(at: block, size: blockSize, "a fractal heap direct block")
        try cursor.signature("FHDB", "a fractal heap direct block")
        let within = offset - blockOffset
        guard within >= 0, length <= blockSize - within else {
            throw HDF5Problem("a fractal heap object of \(length) bytes at heap offset \(offset) overruns its \(blockSize)-byte direct block")
        }
        return (block + within)..<(block + within + length)
    }

    private static func field(_ bytes: ArraySlice<UInt8>, from start: Int, size: Int) -> Int {
        Int(clamping: (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) })
    }

    /// ⌊log₂ value⌋ for a positive value.
    static func log2(_ value: Int) -> Int { value <= 0 ? 0 : Int.bitWidth - value.leadingZeroBitCount - 1 }
}
