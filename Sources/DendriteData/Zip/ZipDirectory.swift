/// Decoding a zip archive's central directory (PKWARE APPNOTE 6.3, sections 4.3.7–4.3.16):
///
/// ```
/// end of central directory:  50 4b 05 06, disk numbers (2 × 2), entry counts (2 × 2),
///                            directory size (4), directory offset (4), comment length (2), comment
/// zip64 locator / record:    50 4b 06 07 before it, pointing to 50 4b 06 06 with 8-byte counts and offsets
/// directory entry:           50 4b 01 02, versions (2 × 2), flags (2), method (2), time, date, CRC-32 (4),
///                            compressed and uncompressed sizes (4 each), name, extra and comment lengths
///                            (2 each), disk (2), attributes (2 + 4), local header offset (4), name, extra, comment
/// local header:              50 4b 03 04, version, flags, method, time, date, CRC-32, sizes, name and
///                            extra lengths, name, extra, then the data
/// ```
/// Sizes and offsets of 0xFFFFFFFF are in the entry's zip64 extra field (id 0x0001).
enum ZipDirectory {
    static func entries(_ bytes: [UInt8], source: String) throws -> [ZipEntry] {
        func failure(_ reason: String) -> DendriteError { DendriteError(.invalidFile, "zip archive '\(source)': \(reason)") }
        guard let end = endRecord(bytes) else {
            throw failure(bytes.count < 22
                ? "\(bytes.count) bytes cannot hold the 22-byte end of central directory record; this is not a zip archive"
                : "no end of central directory record (50 4b 05 06) in the last 64 KiB; this is not a zip archive, or it is truncated")
        }
        var count = Int(u16(bytes, end + 10)), size = Int(u32(bytes, end + 12)), offset = Int(u32(bytes, end + 16))
        guard u16(bytes, end + 4) == 0 || u16(bytes, end + 4) == 0xFFFF, u16(bytes, end + 6) == 0 || u16(bytes, end + 6) == 0xFFFF else {
            throw failure("the archive is split over several disks, which this reader does not read")
        }
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF, end >= 20, u32(bytes, end - 20) == 0x0706_4B50 {
            let record = u64(bytes, end - 12)
            guard bytes.count >= 56, record <= UInt64(bytes.count - 56), u32(bytes, Int(record)) == 0x0606_4B50 else {
                throw failure("the zip64 end of central directory record is missing or outside the archive")
            }
            let start = Int(record)
            (count, size, offset) = (Int(clamping: u64(bytes, start + 32)), Int(clamping: u64(bytes, start + 40)), Int(clamping: u64(bytes, start + 48)))
        }
        guard offset <= bytes.count, size <= bytes.count - offset else {
            throw failure("the central directory (\(size) bytes at offset \(offset)) lies outside the archive of \(bytes.count) bytes")
        }
        // Each directory entry takes 46 bytes at least, so the count is bounded by the size.
        guard count <= size / 46 else { throw failure("the end record claims \(count) entries, more than \(size) directory bytes can hold") }
        var entries: [ZipEntry] = []
        var names: Set<String> = []
        var position = offset
        for index in 0..<count {
            guard position + 46 <= offset + size, u32(bytes, position) == 0x0201_4B50 else {
                throw failure("central directory entry \(index) at offset \(position) is missing or damaged")
            }
            let flags = u16(bytes, position + 8), methodCode = Int(u16(bytes, position + 10))
            let crc = u32(bytes, position + 16)
            var compressed = Int(u32(bytes, position + 20)), uncompressed = Int(u32(bytes, position + 24))
            let nameLength = Int(u16(bytes, position + 28)), extraLength = Int(u16(bytes, position + 30))
            let commentLength = Int(u16(bytes, position + 32))
            var localOffset = Int(u32(bytes, position + 42))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= offset + size else { throw failure("central directory entry \(index) runs past the directory") }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            func entryFailure(_ reason: String) -> DendriteError { failure("entry '\(Self.shown(name))': \(reason)") }
            // The zip64 extra field holds, in order, the sizes and offset whose 4-byte fields are 0xFFFFFFFF.
            var extra = position + 46 + nameLength
            while extra + 4 <= position + 46 + nameLength + extraLength {
                let id = u16(bytes, extra), length = Int(u16(bytes, extra + 2))
                guard extra + 4 + length <= position + 46 + nameLength + extraLength else { break }
                if id == 0x0001 {
                    var field = extra + 4
                    for keyPath in [0, 1, 2] {
                        let current = keyPath == 0 ? uncompressed : keyPath == 1 ? compressed : localOffset
                        guard current == 0xFFFF_FFFF else { continue }
                        guard field + 8 <= extra + 4 + length else { throw entryFailure("the zip64 extra field is too short") }
                        let value = Int(clamping: u64(bytes, field))
                        switch keyPath {
                        case 0: uncompressed = value
                        case 1: compressed = value
                        default: localOffset = value
                        }
                        field += 8
                    }
                }
                extra += 4 + length
            }
            guard flags & 0x0001 == 0 else { throw entryFailure("the entry is encrypted, which this reader does not read") }
            guard let method = ZipEntry.Method(rawValue: methodCode) else {
                let names = [1: "shrink", 6: "implode", 9: "deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ"]
                throw entryFailure("compression method \(methodCode)\(names[methodCode].map { " (\($0))" } ?? "") is not stored (0) or deflated (8)")
            }
            try requireInside(name, entryFailure)
            guard names.insert(name).inserted else { throw entryFailure("the name appears twice in the archive") }
            try ResourceLimits.current.requireFile(bytes: uncompressed, "zip archive '\(source)', entry '\(Self.shown(name))'")
            if method == .deflated, uncompressed / ZipArchive.maximumRatio > compressed {
                throw entryFailure("\(compressed) compressed bytes declare \(uncompressed) uncompressed ones, more than DEFLATE can expand (\(ZipArchive.maximumRatio):1); a zip bomb or a damaged archive")
            }
            entries.append(ZipEntry(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed,
                                    crc32: crc, localHeaderOffset: localOffset))
            position = next
        }
        try requireNoOverlap(entries, bytes, source: source)
        return entries
    }

    /// The offset of the entry's data, after checking its local header and that the data lie in the archive.
    static func dataStart(of entry: ZipEntry, in bytes: [UInt8], source: String) throws -> Int {
        func failure(_ reason: String) -> DendriteError { DendriteError(.invalidFile, "zip archive '\(source)', entry '\(shown(entry.name))': \(reason)") }
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, u32(bytes, header) == 0x0403_4B50 else {
            throw failure("no local header (50 4b 03 04) at offset \(header)")
        }
        let nameLength = Int(u16(bytes, header + 26)), extraLength = Int(u16(bytes, header + 28))
        let start = header + 30 + nameLength + extraLength
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw failure("the \(entry.compressedSize) bytes of data at offset \(start) run past the end of the archive (\(bytes.count) bytes; truncated?)")
        }
        guard bytes[(header + 30)..<(header + 30 + nameLength)].elementsEqual(entry.name.utf8) else {
            throw failure("the local header names a different file than the central directory")
        }
        return start
    }

    /// Entries whose local header and data overlap another's are refused: a valid archive never
    /// has them, and zip bombs use them to inflate one block many times.
    private static func requireNoOverlap(_ entries: [ZipEntry], _ bytes: [UInt8], source: String) throws {
        var spans: [(start: Int, end: Int, name: String)] = []
        for entry in entries {
            let start = try dataStart(of: entry, in: bytes, source: source)
            spans.append((entry.localHeaderOffset, start + entry.compressedSize, entry.name))
        }
        spans.sort { $0.start < $1.start }
        for (first, second) in zip(spans, spans.dropFirst()) where second.start < first.end {
            throw DendriteError(.invalidFile, "zip archive '\(source)': entries '\(shown(first.name))' and '\(shown(second.name))' overlap; "
                                + "a valid archive never shares bytes between entries (a zip bomb or a damaged archive)")
        }
    }

    /// Refuses names that would leave the archive's directory if extracted: absolute paths, drive
    /// letters, `..` components and zero bytes.
    static func requireInside(_ name: String, _ failure: (String) -> DendriteError) throws {
        let components = name.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
        if name.isEmpty { throw failure("the entry has an empty name") }
        if name.hasPrefix("/") || name.hasPrefix("\\") || (name.count >= 2 && name.dropFirst().first == ":") {
            throw failure("the name is an absolute path, which would leave the archive; refused")
        }
        if components.contains("..") { throw failure("the name has a '..' component, which would leave the archive; refused") }
        if name.utf8.contains(0) { throw failure("the name contains a zero byte; refused") }
    }

    /// The offset of the end of central directory record, searched backwards (the comment may follow it).
    private static func endRecord(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 65_535)
        for position in stride(from: bytes.count - 22, through: lowest, by: -1) where u32(bytes, position) == 0x0605_4B50 {
            if position + 22 + Int(u16(bytes, position + 20)) <= bytes.count { return position }
        }
        return nil
    }

    /// A name as shown in messages: control characters escaped, at most 200 characters.
    static func shown(_ name: String) -> String {
        let escaped = name.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        return escaped.count > 200 ? String(escaped.prefix(200)) + "…" : escaped
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) } }
    static func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) } }
}
