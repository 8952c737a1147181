/// A dataset in an HDF5 file: its shape, element type and attributes, read when it is opened, and
/// its elements, read on request and converted to Swift values.
///
/// ```swift
/// let kernel = try file.root.dataset(at: "layers/dense/vars/0")
/// kernel.shape        // [3, 4]
/// kernel.dataType     // float32
/// try kernel.floats() // 12 values, row-major
/// ```
/// Elements may be stored compact (in the header), contiguous, or in chunks (every HDF5 chunk
/// index) with the deflate, shuffle, Fletcher-32 and LZF filters.
public struct HDF5Dataset: Sendable {
    /// The path from the root group, such as `/layers/dense/vars/0`.
    public let path: String
    /// The sizes of the dataset; `[]` for a scalar (one element).
    public let shape: [Int]
    /// The largest sizes it may grow to (nil: unlimited), when the file says.
    public let maximumShape: [Int?]?
    public let dataType: HDF5DataType
    /// The attributes, sorted by name.
    public let attributes: [HDF5Attribute]
    /// Whether the dataspace is null (h5py's `Empty`): a type and no elements, not even one.
    public let isNull: Bool

    let storage: HDF5Storage
    let elementSize: Int
    let layout: HDF5Layout
    let filters: HDF5FilterPipeline
    let fillValue: [UInt8]?

    init(_ header: HDF5ObjectHeader, path: String, storage: HDF5Storage) throws {
        guard let dataspaceMessage = header.first(.dataspace), let datatypeMessage = header.first(.datatype),
              let layoutMessage = header.first(.layout) else {
            throw HDF5Problem("the dataset's header lacks its dataspace, datatype or layout message")
        }
        let dataspace = try HDF5Dataspace(dataspaceMessage, storage)
        let datatype = try HDF5DataTypeMessage(datatypeMessage, storage)
        self.path = path
        shape = dataspace.shape
        maximumShape = dataspace.maximumShape
        isNull = dataspace.isNull
        dataType = datatype.type
        elementSize = datatype.elementSize
        self.storage = storage
        layout = try HDF5Layout(layoutMessage, storage)
        filters = try header.first(.filterPipeline).map { try HDF5FilterPipeline($0, storage) } ?? HDF5FilterPipeline()
        fillValue = try header.first(.fillValue).flatMap { try Self.fillValue($0, storage, elementSize: datatype.elementSize) }
        attributes = try HDF5Attributes.read(header, storage)
    }

    /// The number of elements (1 for a scalar, 0 for a null dataspace).
    public var count: Int { isNull ? 0 : shape.reduce(1, *) }

    public func attribute(named name: String) -> HDF5Attribute? { attributes.first { $0.name == name } }

    /// The elements as `Float`s in row-major order: any integer or float type (and `bool`) converts.
    ///
    /// - Throws: ``DendriteError``: `.invalidFile` for damaged storage or a type that is not
    ///   numeric (strings, compound types), naming the dataset; `.resourceLimit` past
    ///   ``ResourceLimits/maximumTensorBytes``.
    public func floats() throws -> [Float] {
        try reading(bytesPerValue: 4) { raw in try HDF5Elements.floats(raw[...], dataType, count: count) }
    }

    /// The elements as `Double`s in row-major order (integers convert exactly up to 2⁵³).
    public func doubles() throws -> [Double] {
        try reading(bytesPerValue: 8) { raw in try HDF5Elements.doubles(raw[...], dataType, count: count) }
    }

    /// The elements as `Int`s in row-major order: integer types, and enumerations (such as `bool`) by value.
    public func integers() throws -> [Int] {
        try reading(bytesPerValue: 8) { raw in try HDF5Elements.integers(raw[...], dataType, count: count) }
    }

    /// The elements as `String`s: fixed-length strings (cut at the first zero byte) and variable-length ones.
    public func strings() throws -> [String] {
        try reading(bytesPerValue: 16) { raw in
            var heap = HDF5GlobalHeap(storage)
            return try HDF5Elements.strings(raw[...], dataType, elementSize: elementSize, count: count, heap: &heap)
        }
    }

    /// The elements as a tensor of the dataset's shape (values converted to `Float`).
    public func tensor() throws -> Tensor { Tensor(shape: shape, scalars: try floats()) }

    /// Runs `convert` on the raw bytes, after checking that the result fits the tensor limit,
    /// turning problems into errors naming the file and the dataset.
    private func reading<Value>(bytesPerValue: Int, _ convert: ([UInt8]) throws -> [Value]) throws -> [Value] {
        let what = "HDF5 file '\(storage.source)', dataset '\(path)'"
        if !isNull { _ = try ResourceLimits.current.requireTensor(shape, bytesPerElement: max(bytesPerValue, elementSize), what) }
        return try HDF5Problem.reported(source: storage.source, path: path) {
            let requiresNumbers = bytesPerValue != 16
            if requiresNumbers, !dataType.isNumeric {
                throw HDF5Problem("the elements are \(dataType), not numbers")
            }
            if !requiresNumbers {
                switch dataType {
                case .fixedLengthString, .variableLengthString: break
                default: throw HDF5Problem("the elements are \(dataType), not strings")
                }
            }
            return try convert(try rawBytes())
        }
    }

    /// The stored bytes of every element in row-major order, with the fill value where nothing was written.
    func rawBytes() throws -> [UInt8] {
        guard count > 0 else { return [] }
        let byteCount = count * elementSize
        switch layout {
        case .compact(let range):
            guard range.count >= byteCount else {
                throw HDF5Problem("the compact data have \(range.count) bytes; \(count) elements of \(elementSize) bytes need \(byteCount)")
            }
            return Array(storage.bytes[range.lowerBound..<(range.lowerBound + byteCount)])
        case .contiguous(let address, let size):
            guard let address else { return filled(byteCount) }
            if let size, size < byteCount {
                throw HDF5Problem("the contiguous data have \(size) bytes; \(count) elements of \(elementSize) bytes need \(byteCount)")
            }
            var cursor = try storage.cursor(at: address, size: byteCount, "the dataset's contiguous data")
            return Array(try cursor.bytes(byteCount, "the dataset's data"))
        case .chunked(let chunked):
            return try assemble(chunked, byteCount: byteCount)
        }
    }

    private func filled(_ byteCount: Int) -> [UInt8] {
        guard let fillValue, fillValue.contains(where: { $0 != 0 }) else { return [UInt8](repeating: 0, count: byteCount) }
        return Array((0..<count).lazy.flatMap { _ in fillValue })
    }

    private func assemble(_ chunked: HDF5ChunkedLayout, byteCount: Int) throws -> [UInt8] {
        guard chunked.chunkShape.count == shape.count else {
            throw HDF5Problem("the chunks have \(chunked.chunkShape.count) dimensions; the dataset has \(shape.count)")
        }
        try filters.requireSupported()
        let chunkBytes = try chunked.chunkShape.reduce(elementSize) { try ResourceLimits.product($0, $1, "a chunk") }
        guard chunkBytes <= ResourceLimits.current.maximumTensorBytes else {
            throw HDF5Problem("one chunk of shape \(chunked.chunkShape) needs \(ResourceLimits.text(bytes: chunkBytes)), more than the tensor limit")
        }
        let index = HDF5ChunkIndex(storage: storage, layout: chunked, shape: shape, maximumShape: maximumShape ?? shape.map { $0 },
                                   elementSize: elementSize, isFiltered: !filters.isEmpty)
        var output = filled(byteCount)
        var seen: Set<[Int]> = []
        for chunk in try index.chunks() {
            guard zip(chunk.offset, zip(shape, chunked.chunkShape)).allSatisfy({ $0 >= 0 && $0 < $1.0 && $0 % $1.1 == 0 }) else {
                throw HDF5Problem("a chunk at offset \(chunk.offset) does not start on the chunk grid \(chunked.chunkShape) inside the shape \(shape)")
            }
            guard seen.insert(chunk.offset).inserted else { throw HDF5Problem("two chunks claim offset \(chunk.offset)") }
            var cursor = try storage.cursor(at: chunk.address, size: chunk.storedSize, "the chunk at offset \(chunk.offset)")
            let stored = try cursor.bytes(chunk.storedSize, "a chunk")
            let data: [UInt8]
            if filters.isEmpty {
                guard stored.count >= chunkBytes else { throw HDF5Problem("the chunk at offset \(chunk.offset) has \(stored.count) bytes; it needs \(chunkBytes)") }
                data = Array(stored.prefix(chunkBytes))
            } else {
                do { data = try filters.decode(stored, mask: chunk.filterMask, expectedSize: chunkBytes) } catch let problem as HDF5Problem {
                    throw HDF5Problem("the chunk at offset \(chunk.offset): \(problem.reason)")
                }
            }
            copy(data, chunkShape: chunked.chunkShape, offset: chunk.offset, into: &output)
        }
        return output
    }

    /// Copies the part of a decoded chunk that lies inside the dataset into the row-major output.
    private func copy(_ chunk: [UInt8], chunkShape: [Int], offset: [Int], into output: inout [UInt8]) {
        let rank = shape.count
        let extent = (0..<rank).map { min(chunkShape[$0], shape[$0] - offset[$0]) }
        let run = extent[rank - 1] * elementSize
        var chunkStrides = [Int](repeating: elementSize, count: rank), outputStrides = chunkStrides
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            chunkStrides[axis] = chunkStrides[axis + 1] * chunkShape[axis + 1]
            outputStrides[axis] = outputStrides[axis + 1] * shape[axis + 1]
        }
        var position = [Int](repeating: 0, count: rank)
        while true {
            var source = 0, target = 0
            for axis in 0..<rank {
                source += position[axis] * chunkStrides[axis]
                target += (offset[axis] + position[axis]) * outputStrides[axis]
            }
            output.replaceSubrange(target..<(target + run), with: chunk[source..<(source + run)])
            // The next row: count up the dimensions before the last, like an odometer.
            var axis = rank - 2
            while axis >= 0 {
                position[axis] += 1
                if position[axis] < extent[axis] { break }
                position[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// The fill value message (type 0x05): the value of elements never written, when defined.
    private static func fillValue(_ message: HDF5Message, _ storage: HDF5Storage, elementSize: Int) throws -> [UInt8]? {
        var cursor = try message.cursor(storage)
        let version = try cursor.uint8()
        let hasValue: Bool
        switch version {
        case 1:
            try cursor.skip(3, "the fill value's settings")
            hasValue = true
        case 2:
            try cursor.skip(2, "the fill value's settings")
            hasValue = try cursor.uint8() == 1
        case 3:
            hasValue = try cursor.uint8() & 0x20 != 0
        default: throw HDF5Problem("fill value message version \(version) is not 1, 2 or 3")
        }
        guard hasValue, cursor.remaining >= 4 else { return nil }
        let size = try cursor.uint32()
        guard size == elementSize else { return nil }
        return Array(try cursor.bytes(size, "the fill value"))
    }
}
