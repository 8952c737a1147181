/// The filter pipeline message (type 0x0B) and the filters this reader undoes on each chunk:
/// deflate (1, zlib framing), shuffle (2), Fletcher-32 (3) and h5py's LZF (32000).
///
/// ```
/// version 1: version, filter count, 6 reserved; per filter: id (2), name length (2), flags (2),
///            value count (2), name (padded to 8), values (4 each), 4 bytes of padding if the count is odd
/// version 2: version, filter count; per filter: id (2), [name length (2) if id ≥ 256], flags (2),
///            value count (2), [name], values (4 each)
/// ```
/// Filters run in order when writing, so reading undoes them last to first; bit `i` of a chunk's
/// filter mask means filter `i` was skipped for that chunk.
struct HDF5FilterPipeline {
    struct Filter {
        let id: Int
        let name: String
        let values: [UInt32]
    }

    let filters: [Filter]

    static let names = [1: "deflate", 2: "shuffle", 3: "fletcher32", 4: "szip", 5: "nbit", 6: "scaleoffset",
                         32000: "lzf", 32001: "blosc", 32004: "lz4", 32008: "bitshuffle", 32015: "zstd"]

    init() { filters = [] }

    init(_ message: HDF5Message, _ storage: HDF5Storage) throws {
        var cursor = try message.cursor(storage)
        let version = try cursor.uint8(), count = Int(try cursor.uint8())
        guard version == 1 || version == 2 else { throw HDF5Problem("filter pipeline message version \(version) is not 1 or 2") }
        if version == 1 { try cursor.skip(6, "the filter pipeline's reserved bytes") }
        var filters: [Filter] = []
        for _ in 0..<count {
            let id = try cursor.uint16()
            let nameLength = version == 1 || id >= 256 ? try cursor.uint16() : 0
            try cursor.skip(2, "a filter's flags")
            let valueCount = try cursor.uint16()
            var name = Self.names[id] ?? "filter \(id)"
            if nameLength > 0 {
                let start = cursor.position
                var nameCursor = try HDF5Cursor(storage, from: start, to: start + nameLength, "a filter name")
                if let stored = try? nameCursor.zeroTerminatedString("a filter name"), !stored.isEmpty { name = stored }
                try cursor.skip(version == 1 ? (nameLength + 7) / 8 * 8 : nameLength, "a filter name")
            }
            var values: [UInt32] = []
            for _ in 0..<valueCount { values.append(UInt32(try cursor.unsigned(4, "a filter value"))) }
            if version == 1 && valueCount % 2 == 1 { try cursor.skip(4, "a filter's padding") }
            filters.append(Filter(id: id, name: name, values: values))
        }
        self.filters = filters
    }

    var isEmpty: Bool { filters.isEmpty }

    /// Checks that every filter is one this reader undoes, naming the first that is not.
    func requireSupported() throws {
        if let filter = filters.first(where: { ![1, 2, 3, 32000].contains($0.id) }) {
            throw HDF5Problem("the data are compressed with the '\(filter.name)' filter (id \(filter.id)); this reader undoes only deflate (gzip), shuffle, fletcher32 and lzf")
        }
    }

    /// The original bytes of one stored chunk, which must come to `expectedSize` bytes.
    func decode(_ stored: ArraySlice<UInt8>, mask: UInt32, expectedSize: Int) throws -> [UInt8] {
        var data = Array(stored)
        for (position, filter) in filters.enumerated().reversed() where mask & (1 << UInt32(position)) == 0 {
            switch filter.id {
            case 1: data = try Self.inflateZlib(data, maximumSize: expectedSize)
            case 2: data = Self.unshuffle(data, elementSize: Int(filter.values.first ?? 1))
            case 3: data = try Self.checkFletcher32(data)
            case 32000: data = try HDF5LZF.decompress(data, expectedSize: expectedSize)
            default: try requireSupported()
            }
        }
        guard data.count == expectedSize else {
            throw HDF5Problem("a chunk decodes to \(data.count) bytes; its shape and type need \(expectedSize)")
        }
        return data
    }

    /// A zlib stream (RFC 1950): a 2-byte header, raw DEFLATE data, the Adler-32 of the output.
    static func inflateZlib(_ data: [UInt8], maximumSize: Int) throws -> [UInt8] {
        guard data.count >= 6 else { throw HDF5Problem("a deflate-compressed chunk of \(data.count) bytes is too short for zlib framing") }
        let header = Int(data[0]) << 8 | Int(data[1])
        guard data[0] & 0x0F == 8, header % 31 == 0, data[1] & 0x20 == 0 else {
            throw HDF5Problem("a deflate-compressed chunk does not start with a zlib header (bytes \(data[0]), \(data[1]))")
        }
        // The chunk size bounds the output; memory is reserved only for what the data can plausibly give.
        var inflater = Inflater(data, start: 2, expectedSize: min(maximumSize, max(4096, data.count * 8)), maximumSize: maximumSize)
        do { try inflater.run() } catch Inflater.Failure.truncated {
            throw HDF5Problem("a deflate-compressed chunk ends in the middle of its data")
        } catch Inflater.Failure.tooLarge {
            throw HDF5Problem("a deflate-compressed chunk inflates to more than the \(maximumSize) bytes of one chunk")
        } catch Inflater.Failure.invalid(let reason) {
            throw HDF5Problem("a deflate-compressed chunk has invalid DEFLATE data: \(reason)")
        }
        let end = inflater.end
        if end + 4 <= data.count {
            let stored = data[end..<(end + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let computed = adler32(inflater.output)
            guard stored == computed else { throw HDF5Problem("a deflate-compressed chunk fails its Adler-32 check; the file is damaged") }
        }
        return inflater.output
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes keep both sums below 2³² before the reduction.
            let end = min(index + 5552, bytes.count)
            for byte in bytes[index..<end] { a &+= UInt32(byte); b &+= a }
            a %= 65521
            b %= 65521
            index = end
        }
        return b << 16 | a
    }

    /// Undoes the shuffle filter: the file holds every element's first byte, then every second byte, ….
    static func unshuffle(_ data: [UInt8], elementSize: Int) -> [UInt8] {
        guard elementSize > 1, data.count >= elementSize else { return data }
        let count = data.count / elementSize
        var output = data
        for byte in 0..<elementSize {
            for element in 0..<count { output[element * elementSize + byte] = data[byte * count + element] }
        }
        return output
    }

    /// Checks and removes the Fletcher-32 checksum HDF5 appends to each chunk.
    static func checkFletcher32(_ data: [UInt8]) throws -> [UInt8] {
        guard data.count >= 4 else { throw HDF5Problem("a chunk of \(data.count) bytes cannot hold its Fletcher-32 checksum") }
        let body = Array(data[..<(data.count - 4)])
        var sum1: UInt32 = 0, sum2: UInt32 = 0
        var index = 0
        while index + 1 < body.count {
            let end = min(index + 720, body.count & ~1)
            while index < end {
                sum1 &+= UInt32(body[index]) << 8 | UInt32(body[index + 1])
                sum2 &+= sum1
                index += 2
            }
            sum1 = (sum1 & 0xFFFF) + (sum1 >> 16)
            sum2 = (sum2 & 0xFFFF) + (sum2 >> 16)
        }
        if body.count % 2 == 1 {
            sum1 &+= UInt32(body[body.count - 1]) << 8
            sum2 &+= sum1
            sum1 = (sum1 & 0xFFFF) + (sum1 >> 16)
            sum2 = (sum2 & 0xFFFF) + (sum2 >> 16)
        }
        sum1 = (sum1 & 0xFFFF) + (sum1 >> 16)
        sum2 = (sum2 & 0xFFFF) + (sum2 >> 16)
        let computed = sum2 << 16 | sum1
        let tail = data[(data.count - 4)...]
        let stored = tail.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        // Files from HDF5 before 1.6.3 on some machines store the two halves swapped.
        let swapped = (computed >> 16 & 0xFFFF) | (computed & 0xFFFF) << 16
        guard stored == computed || stored == swapped else {
            throw HDF5Problem("a chunk fails its Fletcher-32 check; the file is damaged")
        }
        return body
    }
}
