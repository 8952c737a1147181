import DendriteCore
/// The gzip file format (RFC 1952) in pure Swift: decompression of any gzip file (every DEFLATE block
/// type, several members, the header's optional fields, CRC-32 and size checks) and compression into
/// stored (uncompressed) DEFLATE blocks, which every gzip reader accepts.
enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of a gzip stream; `source` names it in error messages.
    ///
    /// - Throws: ``DendriteError`` (`.invalidFile`) saying what is wrong: a truncated stream, a bad
    ///   header, invalid DEFLATE data (with its byte offset), or a CRC-32 or size mismatch.
    static func decompress(_ bytes: [UInt8], source: String) throws -> [UInt8] {
        func failure(_ reason: String) -> DendriteError { DendriteError(.invalidFile, "gzip file '\(source)': \(reason)") }
        var output: [UInt8] = []
        var start = 0
        repeat {
            guard bytes.count - start >= 18 else {
                throw failure("truncated: \(bytes.count - start) bytes cannot hold a gzip header and trailer (18 bytes at least)")
            }
            guard bytes[start] == 0x1F, bytes[start + 1] == 0x8B else {
                throw failure("bytes \(hex(bytes[start])) \(hex(bytes[start + 1])) at offset \(start) are not the gzip magic number 1f 8b")
            }
            guard bytes[start + 2] == 8 else { throw failure("compression method \(bytes[start + 2]) is not DEFLATE (8)") }
            let flags = bytes[start + 3]
            guard flags & 0xE0 == 0 else { throw failure("reserved header flags are set (\(hex(flags)))") }
            var position = start + 10
            if flags & 0x04 != 0 {
                guard position + 2 <= bytes.count else { throw failure("truncated in the header's extra field") }
                position += 2 + (Int(bytes[position]) | Int(bytes[position + 1]) << 8)
            }
            for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {
                // The file name and the comment end with a zero byte.
                while position < bytes.count, bytes[position] != 0 { position += 1 }
                position += 1
            }
            if flags & 0x02 != 0 { position += 2 }
            guard position < bytes.count else { throw failure("truncated: the header ends at the end of the file") }
            let trailerSize = Int(littleEndian32(bytes, at: bytes.count - 4))
            let limits = ResourceLimits.current
            var inflater = Inflater(bytes, start: position, expectedSize: start == 0 ? min(trailerSize, 1 << 30) : 0,
                                    maximumSize: limits.maximumFileBytes - output.count)
            do { try inflater.run() } catch Inflater.Failure.truncated {
                throw failure("truncated: the compressed data ends early (file of \(bytes.count) bytes)")
            } catch Inflater.Failure.tooLarge {
                throw DendriteError(.resourceLimit, "gzip file '\(source)': the decompressed data grow past the limit of "
                                    + "\(ResourceLimits.text(bytes: limits.maximumFileBytes)) on a file (\(limits.fileLimitName))")
            } catch Inflater.Failure.invalid(let reason) {
                throw failure("invalid DEFLATE data in the member starting at offset \(start): \(reason)")
            }
            let end = inflater.end
            guard end + 8 <= bytes.count else { throw failure("truncated: the 8-byte trailer (CRC-32 and size) is missing") }
            let expectedCRC = littleEndian32(bytes, at: end), expectedSize = littleEndian32(bytes, at: end + 4)
            let crc = CRC32.checksum(inflater.output)
            guard crc == expectedCRC else {
                throw failure("CRC-32 mismatch: the trailer says \(hex32(expectedCRC)), the data gives \(hex32(crc)); the file is damaged")
            }
            guard UInt32(truncatingIfNeeded: inflater.output.count) == expectedSize else {
                throw failure("size mismatch: the trailer says \(expectedSize) bytes, the data has \(inflater.output.count)")
            }
            output += inflater.output
            start = end + 8
            // Some tools pad a gzip file with zero bytes after the last member.
        } while start < bytes.count && bytes[start...].contains { $0 != 0 }
        return output
    }

    /// A gzip stream of `bytes` in stored DEFLATE blocks (no compression; 5 bytes of framing per
    /// 65,535 bytes), with the CRC-32 and size trailer.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        result.reserveCapacity(bytes.count + bytes.count / 65_535 * 5 + 32)
        var start = 0
        repeat {
            let length = min(65_535, bytes.count - start)
            let isFinal: UInt8 = start + length == bytes.count ? 1 : 0
            result += [isFinal, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8 & 0xFF)]
            result += bytes[start..<(start + length)]
            start += length
        } while start < bytes.count
        for value in [CRC32.checksum(bytes), UInt32(truncatingIfNeeded: bytes.count)] {
            result += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        return result
    }

    private static func littleEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[index + $1]) << (8 * $1) }
    }

    private static func hex(_ byte: UInt8) -> String { String(byte, radix: 16).leftPadded(to: 2) }
    private static func hex32(_ value: UInt32) -> String { "0x" + String(value, radix: 16).leftPadded(to: 8) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
