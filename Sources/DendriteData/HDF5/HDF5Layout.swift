/// The data layout message (type 0x08): where a dataset's elements are.
///
/// ```
/// versions 1, 2: version, rank + 1, class, 5 reserved, [address], sizes (4 each), [compact: size (4), data]
/// version 3:     version, class; compact: size (2), data | contiguous: address, size (length)
///                | chunked: rank + 1, v1 B-tree address, chunk sizes (4 each; the last is the element size)
/// versions 4, 5: chunked: flags, rank + 1, bytes per size, chunk sizes, index type, index parameters, index address
/// ```
/// Version 5 (HDF5 2.0) differs from 4 only in storing filtered chunk sizes in length fields.
enum HDF5Layout {
    /// Elements inside the object header.
    case compact(Range<Int>)
    /// Elements in one block of the file (nil address: never written, so all fill value).
    case contiguous(address: Int?, size: Int?)
    case chunked(HDF5ChunkedLayout)

    init(_ message: HDF5Message, _ storage: HDF5Storage) throws {
        var cursor = try message.cursor(storage)
        let version = Int(try cursor.uint8())
        switch version {
        case 1, 2:
            let dimensions = Int(try cursor.uint8()), layoutClass = try cursor.uint8()
            guard (1...33).contains(dimensions) else { throw HDF5Problem("the layout message has \(dimensions) dimensions") }
            try cursor.skip(5, "the layout message's reserved bytes")
            let address = layoutClass == 0 ? nil : try cursor.address("the data address")
            var sizes: [Int] = []
            for _ in 0..<dimensions { sizes.append(try cursor.uint32()) }
            switch layoutClass {
            case 0:
                let size = try cursor.uint32()
                let start = cursor.position
                try cursor.skip(size, "the compact data")
                self = .compact(start..<(start + size))
            case 1: self = .contiguous(address: address, size: nil)
            case 2:
                self = .chunked(try HDF5ChunkedLayout(sizes: sizes, index: .btreeV1(address), version: version))
            default: throw HDF5Problem("layout class \(layoutClass) is not 0 (compact), 1 (contiguous) or 2 (chunked)")
            }
        case 3, 4, 5:
            let layoutClass = try cursor.uint8()
            switch layoutClass {
            case 0:
                let size = try cursor.uint16()
                let start = cursor.position
                try cursor.skip(size, "the compact data")
                self = .compact(start..<(start + size))
            case 1:
                let address = try cursor.address("the data address")
                self = .contiguous(address: address, size: try cursor.length("the data size"))
            case 2 where version == 3:
                let dimensions = Int(try cursor.uint8())
                let address = try cursor.address("the chunk B-tree address")
                var sizes: [Int] = []
                for _ in 0..<dimensions { sizes.append(try cursor.uint32()) }
                self = .chunked(try HDF5ChunkedLayout(sizes: sizes, index: .btreeV1(address), version: version))
            case 2:
                let flags = try cursor.uint8()
                let dimensions = Int(try cursor.uint8()), sizeBytes = Int(try cursor.uint8())
                guard (1...8).contains(sizeBytes) else { throw HDF5Problem("chunk sizes of \(sizeBytes) bytes each are not 1 to 8") }
                var sizes: [Int] = []
                for axis in 0..<dimensions { sizes.append(try cursor.size(sizeBytes, "the chunk size of dimension \(axis)")) }
                let indexType = try cursor.uint8()
                let index: HDF5ChunkedLayout.Index
                switch indexType {
                case 1:
                    var filtered: (size: Int, mask: UInt32)?
                    if flags & 0x02 != 0 {
                        filtered = (try cursor.length("the single chunk's stored size"), UInt32(try cursor.unsigned(4)))
                    }
                    index = .single(try cursor.address("the single chunk's address"), filtered: filtered)
                case 2: index = .implicit(try cursor.address("the chunks' address"))
                case 3:
                    try cursor.skip(1, "the fixed array's page size")
                    index = .fixedArray(try cursor.address("the fixed array's address"))
                case 4:
                    try cursor.skip(5, "the extensible array's parameters")
                    index = .extensibleArray(try cursor.address("the extensible array's address"))
                case 5:
                    try cursor.skip(6, "the version 2 B-tree's parameters")
                    index = .btreeV2(try cursor.address("the version 2 B-tree's address"))
                default:
                    throw HDF5Problem("chunk index type \(indexType) is not 1 (single chunk), 2 (implicit), 3 (fixed array), 4 (extensible array) or 5 (version 2 B-tree)")
                }
                self = .chunked(try HDF5ChunkedLayout(sizes: sizes, index: index, version: version))
            default:
                throw HDF5Problem(layoutClass == 3
                    ? "the dataset is virtual (it maps other datasets), which this reader does not read"
                    : "layout class \(layoutClass) is not 0 (compact), 1 (contiguous) or 2 (chunked)")
            }
        default:
            throw HDF5Problem("layout message version \(version) is not 1 to 5")
        }
    }
}

/// A chunked layout: the chunk shape and how the chunks are found.
struct HDF5ChunkedLayout {
    enum Index {
        /// Version 1 B-tree of chunk offsets (layout versions 1 to 3).
        case btreeV1(Int?)
        /// One chunk holding the whole dataset, with its stored size and filter mask when filtered.
        case single(Int?, filtered: (size: Int, mask: UInt32)?)
        /// Unfiltered chunks back to back in row-major order.
        case implicit(Int?)
        case fixedArray(Int?)
        case extensibleArray(Int?)
        case btreeV2(Int?)
    }

    /// The size of a chunk in each dimension of the dataset.
    let chunkShape: [Int]
    let index: Index
    /// The layout message version: 5 stores filtered chunk sizes in length fields.
    let version: Int

    init(sizes: [Int], index: Index, version: Int) throws {
        // The last size is the element size, not a dimension.
        guard sizes.count >= 2, sizes.dropLast().allSatisfy({ $0 > 0 && $0 <= Int(UInt32.max) }) else {
            throw HDF5Problem("the chunk sizes \(sizes) are not positive sizes followed by the element size")
        }
        chunkShape = Array(sizes.dropLast())
        self.index = index
        self.version = version
    }
}
