/// LZF decompression (Marc Lehmann's liblzf), the format of h5py's `compression='lzf'` filter (id 32000).
///
/// ```
/// control byte c < 32:   c + 1 literal bytes follow
/// control byte c ≥ 32:   a back reference of length c >> 5 (7: plus the next byte) + 2, at distance
///                        ((c & 31) << 8 | next byte) + 1 behind the output's end
/// ```
enum HDF5LZF {
    /// The bytes `data` decompress to, which must be exactly `expectedSize`.
    static func decompress(_ data: [UInt8], expectedSize: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(expectedSize)
        var position = 0
        while position < data.count {
            let control = Int(data[position])
            position += 1
            if control < 32 {
                let count = control + 1
                guard position + count <= data.count else { throw HDF5Problem("an LZF-compressed chunk ends inside a run of literal bytes") }
                guard output.count + count <= expectedSize else { throw HDF5Problem("an LZF-compressed chunk decompresses to more than \(expectedSize) bytes") }
                output += data[position..<(position + count)]
                position += count
                continue
            }
            var length = control >> 5
            if length == 7 {
                guard position < data.count else { throw HDF5Problem("an LZF-compressed chunk ends inside a back reference") }
                length += Int(data[position])
                position += 1
            }
            guard position < data.count else { throw HDF5Problem("an LZF-compressed chunk ends inside a back reference") }
            let distance = ((control & 0x1F) << 8 | Int(data[position])) + 1
            position += 1
            length += 2
            guard distance <= output.count else {
                throw HDF5Problem("an LZF back reference reaches \(distance) bytes back, but only \(output.count) bytes were decompressed")
            }
            guard output.count + length <= expectedSize else { throw HDF5Problem("an LZF-compressed chunk decompresses to more than \(expectedSize) bytes") }
            // Byte by byte: the source may overlap the bytes being written (a run).
            let start = output.count - distance
            for offset in 0..<length { output.append(output[start + offset]) }
        }
        return output
    }
}
