import DendriteCore
import Foundation

/// The entries of a zip archive (PKWARE's APPNOTE), read from its central directory: stored and
/// deflated entries, each checked against its CRC-32. Enough for Keras' `.keras` files, which
/// Python's `zipfile` writes.
///
/// An archive is outside input: every offset and size is checked against the file, an entry may
/// decompress to no more than its declared size and ``ResourceLimits/maximumFileBytes`` (a "zip
/// bomb" is refused), and names that would escape a folder (`..`, absolute paths) are refused.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable {
        public let name: String
        let method: Int
        let crc: UInt32
        let compressedSize: Int
        public let size: Int
        let localHeaderOffset: Int
    }

    /// The entries in the order of the central directory.
    public let entries: [Entry]
    private let bytes: [UInt8]
    private let source: String

    public init(contentsOf url: URL) throws {
        let data = try InputFile.read(url) { DendriteError(.invalidFile, "\(url.path): the archive cannot be read (it \($0))") }
        try self.init(bytes: [UInt8](data), source: url.path)
    }

    public init(bytes: [UInt8], source: String = "zip archive") throws {
        self.bytes = bytes
        self.source = source
        func failure(_ message: String) -> DendriteError { DendriteError(.invalidFile, "\(source): not a readable zip archive: \(message)") }
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535 bytes, at the end.
        let earliest = max(0, bytes.count - 22 - 65_535)
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: earliest, by: -1).first(where: { Self.uint32(bytes, $0) == 0x0605_4b50 }) else {
            throw failure("no end-of-central-directory record (the file is \(bytes.count) bytes)")
        }
        let count = Int(Self.uint16(bytes, end + 10))
        let directorySize = Int(Self.uint32(bytes, end + 12))
        let directoryOffset = Int(Self.uint32(bytes, end + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF { throw failure("zip64 archives are not supported") }
        guard directoryOffset + directorySize <= end else {
            throw failure("the central directory (\(directorySize) bytes at offset \(directoryOffset)) runs past its end record")
        }
        var entries: [Entry] = []
        var position = directoryOffset
        for index in 0..<count {
            guard position + 46 <= end, Self.uint32(bytes, position) == 0x0201_4b50 else {
                throw failure("central directory entry \(index + 1) of \(count) is damaged")
            }
            let nameLength = Int(Self.uint16(bytes, position + 28))
            let extraLength = Int(Self.uint16(bytes, position + 30))
            let commentLength = Int(Self.uint16(bytes, position + 32))
            guard position + 46 + nameLength <= end, let name = String(validating: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self) else {
                throw failure("the name of entry \(index + 1) is damaged or not UTF-8")
            }
            guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
                throw failure("entry \(QuotedText.quoted(name)) would escape the archive's folder")
            }
            let entry = Entry(name: name, method: Int(Self.uint16(bytes, position + 10)), crc: Self.uint32(bytes, position + 16),
                              compressedSize: Int(Self.uint32(bytes, position + 20)), size: Int(Self.uint32(bytes, position + 24)),
                              localHeaderOffset: Int(Self.uint32(bytes, position + 42)))
            if entry.size == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF { throw failure("zip64 entries are not supported") }
            entries.append(entry)
            position += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry named `name`, if the archive has one.
    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The contents of `entry`, decompressed and checked against its CRC-32.
    public func contents(of entry: Entry) throws -> [UInt8] {
        func failure(_ message: String) -> DendriteError { DendriteError(.invalidFile, "\(source): entry \(QuotedText.quoted(entry.name)): \(message)") }
        let limits = ResourceLimits.current
        guard entry.size <= limits.maximumFileBytes else {
            throw DendriteError(.resourceLimit, "\(source): entry \(QuotedText.quoted(entry.name)) declares \(ResourceLimits.text(bytes: entry.size)), "
                                + "past the limit of \(ResourceLimits.text(bytes: limits.maximumFileBytes)) on a file (\(limits.fileLimitName))")
        }
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4b50 else { throw failure("its local header is damaged") }
        let start = header + 30 + Int(Self.uint16(bytes, header + 26)) + Int(Self.uint16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw failure("its \(entry.compressedSize) bytes of data run past the end of the archive (\(bytes.count) bytes)")
        }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw failure("a stored entry's sizes disagree") }
            output = Array(bytes[start..<(start + entry.size)])
        case 8:
            var inflater = Inflater(Array(bytes[start..<(start + entry.compressedSize)]), start: 0, expectedSize: entry.size,
                                    maximumSize: entry.size)
            do { try inflater.run() } catch Inflater.Failure.tooLarge {
                throw failure("decompresses to more than the \(entry.size) bytes it declares")
            } catch Inflater.Failure.truncated {
                throw failure("the compressed data end early")
            } catch Inflater.Failure.invalid(let reason) {
                throw failure("the compressed data are damaged (\(reason))")
            }
            output = inflater.output
        default:
            throw failure("compression method \(entry.method) is not supported (only stored and deflated)")
        }
        guard output.count == entry.size else { throw failure("holds \(output.count) bytes, its header declares \(entry.size)") }
        guard CRC32.checksum(output) == entry.crc else { throw failure("its CRC-32 does not match: the data are damaged") }
        return output
    }

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}

/// Writes a zip archive of stored (uncompressed) entries, which Python's `zipfile` and Keras read.
public struct ZipWriter: Sendable {
    private var archive: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    public init() {}

    /// Appends an entry named `name` holding `contents`.
    public mutating func add(_ name: String, _ contents: [UInt8]) throws {
        let nameBytes = Array(name.utf8)
        guard contents.count < 0xFFFF_FFFF, archive.count < 0xFFFF_FFFF, nameBytes.count <= 0xFFFF, count < 0xFFFF else {
            throw DendriteError.argument("zip: entry '\(name)' would need zip64, which this writer does not write")
        }
        let crc = CRC32.checksum(contents)
        let offset = archive.count
        // Version 2.0, flag 0x800 (UTF-8 names), stored, 1980-01-01 00:00.
        let common: [UInt8] = Self.le16(20) + Self.le16(0x800) + Self.le16(0) + Self.le16(0) + Self.le16(0x21)
            + Self.le32(crc) + Self.le32(UInt32(contents.count)) + Self.le32(UInt32(contents.count))
            + Self.le16(UInt16(nameBytes.count)) + Self.le16(0)
        archive += Self.le32(0x0403_4b50) + common + nameBytes + contents
        directory += Self.le32(0x0201_4b50) + Self.le16(20) + common + Self.le16(0) + Self.le16(0) + Self.le16(0)
            + Self.le32(0) + Self.le32(UInt32(offset)) + nameBytes
        count += 1
    }

    /// The whole archive.
    public func bytes() -> [UInt8] {
        archive + directory + Self.le32(0x0605_4b50) + Self.le16(0) + Self.le16(0) + Self.le16(UInt16(count)) + Self.le16(UInt16(count))
            + Self.le32(UInt32(directory.count)) + Self.le32(UInt32(archive.count)) + Self.le16(0)
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
