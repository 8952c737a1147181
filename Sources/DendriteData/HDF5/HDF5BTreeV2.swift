/// The version 2 B-tree, which indexes dense groups' links (record types 5 and 6), dense
/// attributes (8 and 9) and the chunks of datasets with a version-4 layout (10 and 11):
///
/// ```
/// header:   "BTHD", version 0, type, node size (4), record size (2), depth (2), split %, merge %,
///           root address, root record count (2), total record count (length), checksum
/// internal: "BTIN", version 0, type, records, child pointers (address, record count, [total count]), checksum
/// leaf:     "BTLF", version 0, type, records, checksum
/// ```
/// The byte widths of a child pointer's counts follow from the node size: how many records the
/// largest node below could hold, in as few bytes as that number needs.
enum HDF5BTreeV2 {
    /// Trees deeper than this are refused (a tree of 4 KiB nodes reaches billions of records at depth 5).
    static let maximumDepth = 32

    /// Every record of the tree at `address` (each `recordSize` bytes), in tree order.
    static func records(_ storage: HDF5Storage, at address: Int, expectedType: Int) throws -> [ArraySlice<UInt8>] {
        var header = try storage.cursor(at: address, "a version 2 B-tree header")
        try header.signature("BTHD", "a version 2 B-tree header")
        let version = try header.uint8(), type = Int(try header.uint8())
        guard version == 0 else { throw HDF5Problem("version 2 B-tree header at byte \(address) has version \(version), not 0") }
        guard type == expectedType else { throw HDF5Problem("version 2 B-tree at byte \(address) has record type \(type); expected \(expectedType)") }
        let nodeSize = try header.uint32(), recordSize = try header.uint16(), depth = try header.uint16()
        try header.skip(2, "the B-tree's split and merge percentages")
        let root = try header.address("the B-tree's root address")
        let rootCount = try header.uint16()
        _ = try header.length("the B-tree's record count")
        try storage.verifyChecksum(from: address, to: header.position, "the version 2 B-tree header")
        guard let root, rootCount > 0 else { return [] }
        guard recordSize > 0, nodeSize > 10 + recordSize else {
            throw HDF5Problem("version 2 B-tree at byte \(address) has \(nodeSize)-byte nodes and \(recordSize)-byte records")
        }
        guard depth <= maximumDepth else { throw HDF5Problem("version 2 B-tree at byte \(address) has depth \(depth), more than \(maximumDepth)") }
        let layout = try NodeLayout(nodeSize: nodeSize, recordSize: recordSize, depth: depth, offsetSize: storage.offsetSize)
        var records: [ArraySlice<UInt8>] = []
        var visited: Set<Int> = []
        try collect(storage, root, count: rootCount, depth: depth, type: type, layout, &visited, &records)
        return records
    }

    /// Record capacities and count-field widths per depth (depth 0 = leaves).
    struct NodeLayout {
        let recordSize: Int
        var maximumRecords: [Int] = []
        /// Bytes of a child pointer's "records in the child" field.
        var countSize = 0
        /// Bytes of a child pointer's "records below the child" field, per depth of the child.
        var totalSizes: [Int] = []

        init(nodeSize: Int, recordSize: Int, depth: Int, offsetSize: Int) throws {
            self.recordSize = recordSize
            let prefix = 10   // signature, version, type, checksum
            let leafRecords = (nodeSize - prefix) / recordSize
            maximumRecords = [leafRecords]
            countSize = Self.bytesFor(leafRecords)
            var cumulative = [leafRecords]
            totalSizes = [0]
            for level in stride(from: 1, through: depth, by: 1) {
                let pointerSize = offsetSize + countSize + totalSizes[level - 1]
                let records = (nodeSize - (prefix + pointerSize)) / (recordSize + pointerSize)
                guard records > 0 else { throw HDF5Problem("version 2 B-tree nodes of \(nodeSize) bytes cannot hold a record at depth \(level)") }
                let (product, overflow1) = (records + 1).multipliedReportingOverflow(by: cumulative[level - 1])
                let (total, overflow2) = product.addingReportingOverflow(records)
                guard !overflow1, !overflow2 else { throw HDF5Problem("version 2 B-tree of depth \(depth) could hold more records than 2⁶³") }
                maximumRecords.append(records)
                cumulative.append(total)
                totalSizes.append(Self.bytesFor(total))
            }
        }

        /// The bytes that encode numbers up to `value`: ⌊log₂ value⌋ / 8 + 1.
        static func bytesFor(_ value: Int) -> Int { value <= 1 ? 1 : (Int.bitWidth - value.leadingZeroBitCount - 1) / 8 + 1 }
    }

    private static func collect(_ storage: HDF5Storage, _ address: Int, count: Int, depth: Int, type: Int, _ layout: NodeLayout,
                                _ visited: inout Set<Int>, _ records: inout [ArraySlice<UInt8>]) throws {
        guard visited.insert(address).inserted else {
            throw HDF5Problem("the version 2 B-tree node at byte \(address) is reached twice (the tree has a cycle)")
        }
        guard count <= layout.maximumRecords[depth] else {
            throw HDF5Problem("the version 2 B-tree node at byte \(address) claims \(count) records; at most \(layout.maximumRecords[depth]) fit")
        }
        var node = try storage.cursor(at: address, "a version 2 B-tree node")
        try node.signature(depth == 0 ? "BTLF" : "BTIN", "a version 2 B-tree node")
        let version = try node.uint8(), nodeType = Int(try node.uint8())
        guard version == 0, nodeType == type else {
            throw HDF5Problem("the version 2 B-tree node at byte \(address) has version \(version) and type \(nodeType); expected 0 and \(type)")
        }
        var own: [ArraySlice<UInt8>] = []
        for index in 0..<count { own.append(try node.bytes(layout.recordSize, "record \(index) of the B-tree node at byte \(address)")) }
        var children: [(address: Int, count: Int)] = []
        if depth > 0 {
            for index in 0...count {
                guard let child = try node.address("child \(index) of the B-tree node at byte \(address)") else {
                    throw HDF5Problem("child \(index) of the version 2 B-tree node at byte \(address) has an undefined address")
                }
                let childCount = try node.size(layout.countSize, "the record count of a B-tree child")
                try node.skip(layout.totalSizes[depth - 1], "the total record count of a B-tree child")
                children.append((child, childCount))
            }
        }
        try storage.verifyChecksum(from: address, to: node.position, "the version 2 B-tree node")
        if depth == 0 {
            records += own
            return
        }
        for (index, child) in children.enumerated() {
            try collect(storage, child.address, count: child.count, depth: depth - 1, type: type, layout, &visited, &records)
            if index < own.count { records.append(own[index]) }
        }
    }
}
