/// The fixed array chunk index (layout version 4, index type 3), which HDF5 uses for chunked
/// datasets without unlimited dimensions when files are written with `libver='latest'`:
///
/// ```
/// header "FAHD":     version 0, client (0 chunks, 1 filtered chunks), entry size (1), page bits (1),
///                    entry count (length), data block address, checksum
/// data block "FADB": version 0, client, header address, [page bitmap], [entries if not paged], checksum
/// pages:             after the data block, each 2^(page bits) entries and a checksum
/// ```
/// An entry is a chunk address, and for filtered chunks its stored size and filter mask.
enum HDF5FixedArray {
    /// Every entry with its index in the array, skipping pages never written.
    static func entries(_ storage: HDF5Storage, at address: Int, isFiltered: Bool) throws -> [(index: Int, entry: ArraySlice<UInt8>)] {
        var header = try storage.cursor(at: address, "a fixed array header")
        try header.signature("FAHD", "a fixed array header")
        let version = try header.uint8(), client = try header.uint8()
        guard version == 0, client == (isFiltered ? 1 : 0) else {
            throw HDF5Problem("fixed array header at byte \(address) has version \(version) and client \(client); expected 0 and \(isFiltered ? 1 : 0)")
        }
        let entrySize = Int(try header.uint8()), pageBits = Int(try header.uint8())
        let count = try header.length("the fixed array's entry count")
        let blockAddress = try header.address("the fixed array's data block address")
        try storage.verifyChecksum(from: address, to: header.position, "the fixed array header")
        guard let blockAddress, count > 0 else { return [] }
        guard entrySize >= storage.offsetSize, (1...31).contains(pageBits) else {
            throw HDF5Problem("fixed array at byte \(address) has \(entrySize)-byte entries and \(pageBits)-bit pages")
        }
        // Every entry takes its bytes in the file, so a count past the file size is damage.
        guard count <= storage.bytes.count / entrySize else {
            throw HDF5Problem("fixed array at byte \(address) claims \(count) entries, more than the file can hold")
        }
        let pageEntries = 1 << pageBits
        var block = try storage.cursor(at: blockAddress, "a fixed array data block")
        try block.signature("FADB", "a fixed array data block")
        try block.skip(2 + storage.offsetSize, "the data block's version, client and header address")
        var result: [(index: Int, entry: ArraySlice<UInt8>)] = []
        if count <= pageEntries {
            for index in 0..<count { result.append((index, try block.bytes(entrySize, "fixed array entry \(index)"))) }
            try storage.verifyChecksum(from: blockAddress, to: block.position, "the fixed array data block")
            return result
        }
        let pages = (count + pageEntries - 1) / pageEntries
        let bitmap = try block.bytes((pages + 7) / 8, "the fixed array's page bitmap")
        try storage.verifyChecksum(from: blockAddress, to: block.position, "the fixed array data block")
        var pageStart = block.position + 4
        for page in 0..<pages {
            let entries = min(pageEntries, count - page * pageEntries)
            let pageSize = entries * entrySize
            defer { pageStart += pageSize + 4 }
            guard bitmap[bitmap.startIndex + page / 8] & (0x80 >> UInt8(page % 8)) != 0 else { continue }
            var cursor = try storage.cursor(at: pageStart, size: pageSize + 4, "fixed array page \(page)")
            try storage.verifyChecksum(from: pageStart, to: pageStart + pageSize, "fixed array page \(page)")
            for entry in 0..<entries {
                result.append((page * pageEntries + entry, try cursor.bytes(entrySize, "fixed array entry")))
            }
        }
        return result
    }
}
