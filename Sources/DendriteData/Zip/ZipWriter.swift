import Foundation

/// Writes a zip archive of stored (uncompressed) entries, which every zip reader opens, Python's
/// `zipfile` and Keras' `load_model` among them:
///
/// ```swift
/// var archive = ZipWriter()
/// try archive.add("metadata.json", data: Array(metadata.utf8))
/// try archive.add("model.weights.h5", data: try weights.bytes())
/// try archive.write(to: URL(fileURLWithPath: "model.keras"))
/// ```
/// Each entry is a local header, the data, and a central directory entry; the end record closes
/// the archive. Entries over 4 GiB (which need zip64) and more than 65,535 entries are refused.
public struct ZipWriter: Sendable {
    private var entries: [(name: String, data: [UInt8])] = []
    /// The modification time written for every entry, in MS-DOS form (2-second resolution, 1980–2107).
    private let dosTime: UInt16, dosDate: UInt16

    /// An empty archive whose entries carry `date` (default: now, in UTC) as their modification time.
    public init(date: Date = Date()) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        dosDate = UInt16(year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
    }

    /// Adds a file called `name` (a `/`-separated relative path) holding `data`.
    ///
    /// - Throws: ``DendriteError`` (`.invalidArgument`): a name that would leave the archive or is
    ///   already used, data of 4 GiB or more, or a 65,536th entry.
    public mutating func add(_ name: String, data: [UInt8]) throws {
        try ZipDirectory.requireInside(name) { DendriteError.argument("ZipWriter: entry '\(ZipDirectory.shown(name))': \($0)") }
        guard name.utf8.count <= 0xFFFF else { throw DendriteError.argument("ZipWriter: the name of entry '\(name.prefix(40))…' is longer than 65,535 bytes") }
        guard !entries.contains(where: { $0.name == name }) else { throw DendriteError.argument("ZipWriter: entry '\(name)' exists already") }
        guard data.count < 0xFFFF_FFFF else { throw DendriteError.argument("ZipWriter: entry '\(name)' has \(data.count) bytes; entries of 4 GiB or more need zip64, which this writer does not write") }
        guard entries.count < 0xFFFF else { throw DendriteError.argument("ZipWriter: an archive without zip64 holds at most 65,535 entries") }
        entries.append((name, data))
    }

    /// The archive's bytes.
    public func bytes() throws -> [UInt8] {
        var output: [UInt8] = [], directory: [UInt8] = []
        for (name, data) in entries {
            let nameBytes = Array(name.utf8)
            // Flag bit 11: the name is UTF-8.
            let flags: UInt16 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800
            let crc = CRC32.checksum(data), offset = output.count
            guard offset < 0xFFFF_FFFF else { throw DendriteError.argument("ZipWriter: the archive reaches 4 GiB, which needs zip64, which this writer does not write") }
            // Version 2.0, flags, method 0 (stored), time, date, CRC-32, both sizes, name length, no extra field.
            let common = Self.u16(20) + Self.u16(flags) + Self.u16(0) + Self.u16(dosTime) + Self.u16(dosDate)
                + Self.u32(crc) + Self.u32(UInt32(data.count)) + Self.u32(UInt32(data.count)) + Self.u16(UInt16(nameBytes.count)) + Self.u16(0)
            output += Self.u32(0x0403_4B50) + common + nameBytes + data
            // Made by version 2.0 on Unix (3), then the common fields, comment length, disk, attributes
            // (a regular file readable by everyone: 0o100644 in the high 16 bits), local header offset.
            directory += Self.u32(0x0201_4B50) + Self.u16(0x0314) + common + Self.u16(0) + Self.u16(0) + Self.u16(0)
                + Self.u32(0o100644 << 16) + Self.u32(UInt32(offset)) + nameBytes
        }
        let directoryOffset = output.count
        guard directoryOffset + directory.count < 0xFFFF_FFFF else {
            throw DendriteError.argument("ZipWriter: the archive reaches 4 GiB, which needs zip64, which this writer does not write")
        }
        output += directory
        output += Self.u32(0x0605_4B50) + Self.u16(0) + Self.u16(0) + Self.u16(UInt16(entries.count)) + Self.u16(UInt16(entries.count))
            + Self.u32(UInt32(directory.count)) + Self.u32(UInt32(directoryOffset)) + Self.u16(0)
        return output
    }

    /// Writes the archive to `url` atomically (a temporary file, then a rename).
    public func write(to url: URL) throws {
        let data = Data(try bytes())
        do { try data.write(to: url, options: .atomic) } catch {
            throw DendriteError(.invalidFile, "ZipWriter: cannot write '\(url.path)': \(FileErrorText.describe(error))")
        }
    }

    private static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
}
