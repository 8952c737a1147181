/// One stored chunk of a chunked dataset.
struct HDF5Chunk {
    /// The chunk's first element in each dimension.
    let offset: [Int]
    let address: Int
    /// The bytes the chunk takes in the file (after its filters).
    let storedSize: Int
    /// Bit `i` set: filter `i` of the pipeline was not applied to this chunk.
    let filterMask: UInt32
}

/// Finding the stored chunks of a chunked dataset through whichever index its layout names.
///
/// Indexes other than the version 1 B-tree identify a chunk by its position in the grid of
/// chunks, counted in row-major order over the maximum dataset shape (unlimited dimensions moved
/// first for the extensible array), so each entry's grid position is turned back into an offset.
struct HDF5ChunkIndex {
    let storage: HDF5Storage
    let layout: HDF5ChunkedLayout
    let shape: [Int]
    let maximumShape: [Int?]
    let elementSize: Int
    let isFiltered: Bool

    /// The bytes of one chunk before filtering (checked against overflow and the tensor limit when the layout is read).
    var chunkBytes: Int { layout.chunkShape.reduce(elementSize, *) }

    func chunks() throws -> [HDF5Chunk] {
        switch layout.index {
        case .btreeV1(let address):
            guard let address else { return [] }
            return try btreeV1Chunks(address)
        case .single(let address, let filtered):
            guard let address else { return [] }
            return [HDF5Chunk(offset: shape.map { _ in 0 }, address: address, storedSize: filtered?.size ?? chunkBytes,
                              filterMask: filtered?.mask ?? 0)]
        case .implicit(let address):
            guard let address else { return [] }
            // Every chunk of the grid is stored, so the grid must fit in the file.
            var count = 1
            for chunks in gridShape() {
                let (product, overflow) = count.multipliedReportingOverflow(by: chunks)
                guard !overflow, product <= storage.bytes.count else {
                    throw HDF5Problem("an implicit chunk index of more chunks than the file can hold")
                }
                count = product
            }
            _ = try storage.cursor(at: address, size: try ResourceLimits.product(count, chunkBytes, "chunks"), "the implicitly indexed chunks")
            return try (0..<count).map { index in
                HDF5Chunk(offset: try offset(ofLinearIndex: index), address: address + index * chunkBytes,
                          storedSize: chunkBytes, filterMask: 0)
            }
        case .fixedArray(let address):
            guard let address else { return [] }
            return try HDF5FixedArray.entries(storage, at: address, isFiltered: isFiltered).compactMap { index, entry in
                try chunk(entry, offset: offset(ofLinearIndex: index))
            }
        case .extensibleArray(let address):
            guard let address else { return [] }
            return try HDF5ExtensibleArray.entries(storage, at: address, isFiltered: isFiltered).compactMap { index, entry in
                try chunk(entry, offset: offset(ofUnlimitedFirstIndex: index))
            }
        case .btreeV2(let address):
            guard let address else { return [] }
            return try btreeV2Chunks(address)
        }
    }

    /// A fixed or extensible array entry: address, and for filtered chunks its stored size and filter mask.
    private func chunk(_ entry: ArraySlice<UInt8>, offset: [Int]) throws -> HDF5Chunk? {
        var cursor = try HDF5Cursor(storage, from: entry.startIndex, to: entry.endIndex, "a chunk index entry")
        guard let address = try cursor.address("a chunk address") else { return nil }
        guard isFiltered else { return HDF5Chunk(offset: offset, address: address, storedSize: chunkBytes, filterMask: 0) }
        let sizeBytes = cursor.remaining - 4
        guard (1...8).contains(sizeBytes) else { throw HDF5Problem("a filtered chunk entry of \(entry.count) bytes has no room for its size") }
        let size = try cursor.size(sizeBytes, "a chunk's stored size")
        return HDF5Chunk(offset: offset, address: address, storedSize: size, filterMask: UInt32(try cursor.unsigned(4)))
    }

    private func btreeV1Chunks(_ root: Int) throws -> [HDF5Chunk] {
        let rank = shape.count
        var chunks: [HDF5Chunk] = []
        try HDF5BTreeV1.leaves(storage, root: root, nodeType: 1, keySize: 8 + 8 * (rank + 1)) { key, child in
            var cursor = try HDF5Cursor(storage, from: key.startIndex, to: key.endIndex, "a chunk key")
            let size = try cursor.uint32(), mask = UInt32(try cursor.unsigned(4))
            var offset: [Int] = []
            for axis in 0..<rank { offset.append(try cursor.size(8, "the chunk offset in dimension \(axis)")) }
            chunks.append(HDF5Chunk(offset: offset, address: child, storedSize: size, filterMask: mask))
        }
        return chunks
    }

    private func btreeV2Chunks(_ address: Int) throws -> [HDF5Chunk] {
        let rank = shape.count
        let records = try HDF5BTreeV2.records(storage, at: address, expectedType: isFiltered ? 11 : 10)
        return try records.map { record in
            var cursor = try HDF5Cursor(storage, from: record.startIndex, to: record.endIndex, "a chunk record")
            guard let chunkAddress = try cursor.address("a chunk address") else { throw HDF5Problem("a chunk record has an undefined address") }
            var size = chunkBytes, mask: UInt32 = 0
            if isFiltered {
                let sizeBytes = record.count - storage.offsetSize - 4 - 8 * rank
                guard (1...8).contains(sizeBytes) else { throw HDF5Problem("a filtered chunk record of \(record.count) bytes has no room for its size") }
                size = try cursor.size(sizeBytes, "a chunk's stored size")
                mask = UInt32(try cursor.unsigned(4))
            }
            var offset: [Int] = []
            for axis in 0..<rank {
                let scaled = try cursor.size(8, "a chunk's position")
                let (value, overflow) = scaled.multipliedReportingOverflow(by: layout.chunkShape[axis])
                guard !overflow else { throw HDF5Problem("a chunk position \(scaled) is beyond any dataset") }
                offset.append(value)
            }
            return HDF5Chunk(offset: offset, address: chunkAddress, storedSize: size, filterMask: mask)
        }
    }

    /// Chunks per dimension over the maximum shape (an unlimited dimension counts its current size).
    private func gridShape() -> [Int] {
        zip(shape.indices, layout.chunkShape).map { axis, chunk in
            let size = maximumShape.indices.contains(axis) ? maximumShape[axis] ?? shape[axis] : shape[axis]
            return size / chunk + (size % chunk == 0 ? 0 : 1)
        }
    }

    /// The offset of the chunk at row-major position `index` of the grid, the axes taken slowest first in `order`.
    private func offset(ofLinearIndex index: Int, order: [Int]? = nil) throws -> [Int] {
        let grid = gridShape()
        let order = order ?? Array(grid.indices)
        var remainder = index
        var offset = [Int](repeating: 0, count: grid.count)
        for axis in order.dropFirst().reversed() {
            guard grid[axis] > 0 else { break }
            offset[axis] = remainder % grid[axis] * layout.chunkShape[axis]
            remainder /= grid[axis]
        }
        if let slowest = order.first {
            guard remainder < grid[slowest] || maximumShape.indices.contains(slowest) && maximumShape[slowest] == nil else {
                throw HDF5Problem("chunk index entry \(index) lies beyond the dataset's grid of chunks \(grid)")
            }
            let (value, overflow) = remainder.multipliedReportingOverflow(by: layout.chunkShape[slowest])
            guard !overflow else { throw HDF5Problem("chunk index entry \(index) lies beyond any dataset") }
            offset[slowest] = value
        }
        return offset
    }

    /// The extensible array counts with the one unlimited dimension as the slowest.
    private func offset(ofUnlimitedFirstIndex index: Int) throws -> [Int] {
        var order = Array(shape.indices)
        if let unlimited = maximumShape.firstIndex(where: { $0 == nil }) {
            order.remove(at: unlimited)
            order.insert(unlimited, at: 0)
        }
        return try offset(ofLinearIndex: index, order: order)
    }
}
