import Foundation

/// A zip archive read in pure Swift (Keras 3's `.keras` files are zip archives): the central
/// directory, local headers, stored and deflated entries, zip64 sizes and offsets, and a CRC-32
/// check of every entry read.
///
/// ```swift
/// let archive = try ZipArchive(contentsOf: URL(fileURLWithPath: "model.keras"))
/// archive.entries.map(\.name)                    // ["metadata.json", "config.json", "model.weights.h5"]
/// let config = try archive.data(named: "config.json")
/// ```
///
/// The archive is outside input, so everything is checked before it is used: the directory and
/// every entry lie inside the file; entries do not overlap (the trick of zip bombs that reuse one
/// compressed block for many entries); declared sizes fit ``ResourceLimits/maximumFileBytes`` and
/// a ratio DEFLATE can reach (1032 : 1); data inflate to exactly the declared size; names stay
/// inside the archive (no `..`, no absolute paths) and appear once. Encrypted entries, split
/// archives and methods other than stored and deflated are refused. Errors are ``DendriteError``
/// (`.invalidFile`, or `.resourceLimit` for sizes past the limits) naming the archive and the entry.
public struct ZipArchive: Sendable {
    /// The entries in central directory order.
    public let entries: [ZipEntry]
    /// Names the archive in error messages.
    public let source: String
    private let bytes: [UInt8]

    /// DEFLATE's largest expansion: a 258-byte match per 2 bits, about 1032 : 1.
    static let maximumRatio = 1032

    public init(contentsOf url: URL) throws {
        try self.init(bytes: try InputFile.read(url, kind: "zip archive"), source: url.path)
    }

    /// Reads an archive held in memory; `source` names it in error messages.
    public init(bytes: [UInt8], source: String = "zip data") throws {
        self.bytes = bytes
        self.source = source
        entries = try ZipDirectory.entries(bytes, source: source)
    }

    public func entry(named name: String) -> ZipEntry? { entries.first { $0.name == name } }

    /// The uncompressed contents of the entry called `name`.
    ///
    /// - Throws: ``DendriteError``: no such entry (listing the names), damaged or truncated data,
    ///   a CRC-32 or size mismatch, or a size past ``ResourceLimits/maximumFileBytes``.
    public func data(named name: String) throws -> [UInt8] {
        guard let entry = entry(named: name) else {
            let names = entries.prefix(20).map { "'\($0.name)'" }.joined(separator: ", ")
            throw DendriteError(.invalidFile, "zip archive '\(source)' has no entry '\(name)'; "
                                + (entries.isEmpty ? "it is empty" : "its entries are \(names)\(entries.count > 20 ? ", …" : "")"))
        }
        return try data(of: entry)
    }

    public func data(of entry: ZipEntry) throws -> [UInt8] {
        func failure(_ reason: String) -> DendriteError { DendriteError(.invalidFile, "zip archive '\(source)', entry '\(entry.name)': \(reason)") }
        let start = try ZipDirectory.dataStart(of: entry, in: bytes, source: source)
        let stored = bytes[start..<(start + entry.compressedSize)]
        let output: [UInt8]
        switch entry.method {
        case .stored:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw failure("a stored entry declares \(entry.compressedSize) stored and \(entry.uncompressedSize) uncompressed bytes")
            }
            output = Array(stored)
        case .deflated:
            // The declared size bounds the output; memory is reserved only for what the data can plausibly give.
            let reserve = min(entry.uncompressedSize, max(4096, entry.compressedSize * 8))
            var inflater = Inflater(bytes, start: start, expectedSize: reserve, maximumSize: entry.uncompressedSize)
            do { try inflater.run() } catch Inflater.Failure.truncated {
                throw failure("the compressed data end before the DEFLATE stream does (damaged or truncated)")
            } catch Inflater.Failure.tooLarge {
                throw failure("the data inflate to more than the \(entry.uncompressedSize) bytes the directory declares (a zip bomb or a damaged archive)")
            } catch Inflater.Failure.invalid(let reason) {
                throw failure("invalid DEFLATE data: \(reason)")
            }
            guard inflater.end <= start + entry.compressedSize else {
                throw failure("the DEFLATE stream runs past the entry's \(entry.compressedSize) compressed bytes")
            }
            output = inflater.output
        }
        guard output.count == entry.uncompressedSize else {
            throw failure("the data inflate to \(output.count) bytes; the directory declares \(entry.uncompressedSize)")
        }
        let crc = CRC32.checksum(output)
        guard crc == entry.crc32 else {
            throw failure("CRC-32 mismatch: the directory says \(Self.hex(entry.crc32)), the data give \(Self.hex(crc)); the archive is damaged")
        }
        return output
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
