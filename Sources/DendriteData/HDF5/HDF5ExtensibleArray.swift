/// The extensible array chunk index (layout version 4, index type 4), which HDF5 uses for chunked
/// datasets with one unlimited dimension written with `libver='latest'`:
///
/// ```
/// header "EAHD":          version 0, client, entry size, bits of the maximum entry count,
///                         entries in the index block, minimum entries per data block, minimum
///                         data block pointers per super block, bits of a page's entry count (1 each),
///                         6 statistics (length fields; the 5th is the number of entries set),
///                         index block address, checksum
/// index block "EAIB":     version, client, header address, its own entries, data block addresses
///                         of the first super blocks, super block addresses, checksum
/// super block "EASB":     version, client, header address, block offset, [page bitmaps], data block addresses, checksum
/// data block "EADB":      version, client, header address, block offset, [entries if not paged], checksum;
///                         pages follow a paged data block, each its entries and a checksum
/// ```
/// Super block `u` holds 2^⌊u/2⌋ data blocks of 2^⌊(u+1)/2⌋ × the minimum entries each, so the
/// array doubles its capacity every two super blocks.
enum HDF5ExtensibleArray {
    struct Header {
        let entrySize: Int
        let offsetSize: Int
        let indexBlockEntries: Int
        let minimumDataBlockEntries: Int
        let minimumPointers: Int
        let pageEntries: Int
        let superBlockCount: Int
        let headerAddress: Int
    }

    /// Every entry that was written, with its index in the array.
    static func entries(_ storage: HDF5Storage, at address: Int, isFiltered: Bool) throws -> [(index: Int, entry: ArraySlice<UInt8>)] {
        var cursor = try storage.cursor(at: address, "an extensible array header")
        try cursor.signature("EAHD", "an extensible array header")
        let version = try cursor.uint8(), client = try cursor.uint8()
        guard version == 0, client == (isFiltered ? 1 : 0) else {
            throw HDF5Problem("extensible array header at byte \(address) has version \(version) and client \(client); expected 0 and \(isFiltered ? 1 : 0)")
        }
        let entrySize = Int(try cursor.uint8()), maximumBits = Int(try cursor.uint8())
        let indexBlockEntries = Int(try cursor.uint8()), minimumDataBlockEntries = Int(try cursor.uint8())
        let minimumPointers = Int(try cursor.uint8()), pageBits = Int(try cursor.uint8())
        try cursor.skip(4 * storage.lengthSize, "the extensible array's statistics")
        let entriesSet = try cursor.length("the extensible array's entry count")
        try cursor.skip(storage.lengthSize, "the extensible array's statistics")
        let indexBlock = try cursor.address("the extensible array's index block address")
        try storage.verifyChecksum(from: address, to: cursor.position, "the extensible array header")
        guard let indexBlock, entriesSet > 0 else { return [] }
        guard entrySize >= storage.offsetSize, (1...63).contains(maximumBits), (1...31).contains(pageBits),
              minimumDataBlockEntries > 0, minimumDataBlockEntries.nonzeroBitCount == 1,
              minimumPointers > 0, minimumPointers.nonzeroBitCount == 1,
              HDF5FractalHeap.log2(minimumDataBlockEntries) <= maximumBits else {
            throw HDF5Problem("extensible array at byte \(address) has impossible parameters")
        }
        guard entriesSet <= storage.bytes.count / entrySize + indexBlockEntries else {
            throw HDF5Problem("extensible array at byte \(address) claims \(entriesSet) entries, more than the file can hold")
        }
        let header = Header(entrySize: entrySize, offsetSize: (maximumBits + 7) / 8, indexBlockEntries: indexBlockEntries,
                            minimumDataBlockEntries: minimumDataBlockEntries, minimumPointers: minimumPointers,
                            pageEntries: 1 << pageBits,
                            superBlockCount: 1 + maximumBits - HDF5FractalHeap.log2(minimumDataBlockEntries),
                            headerAddress: address)
        return try read(storage, header, indexBlock: indexBlock, count: entriesSet)
    }

    private static func read(_ storage: HDF5Storage, _ header: Header, indexBlock: Int, count: Int) throws -> [(index: Int, entry: ArraySlice<UInt8>)] {
        // Super blocks whose data blocks the index block points to directly.
        let directSuperBlocks = 2 * HDF5FractalHeap.log2(header.minimumPointers)
        let directDataBlocks = 2 * (header.minimumPointers - 1)
        let superBlockPointers = max(0, header.superBlockCount - directSuperBlocks)
        var block = try storage.cursor(at: indexBlock, "an extensible array index block")
        try block.signature("EAIB", "an extensible array index block")
        try block.skip(2 + storage.offsetSize, "the index block's version, client and header address")
        var result: [(index: Int, entry: ArraySlice<UInt8>)] = []
        for index in 0..<min(header.indexBlockEntries, count) { result.append((index, try block.bytes(header.entrySize, "an index block entry"))) }
        if header.indexBlockEntries > count { try block.skip((header.indexBlockEntries - count) * header.entrySize, "unused index block entries") }
        var dataBlocks: [Int?] = []
        for _ in 0..<directDataBlocks { dataBlocks.append(try block.address("a data block address")) }
        var superBlocks: [Int?] = []
        for _ in 0..<superBlockPointers { superBlocks.append(try block.address("a super block address")) }
        try storage.verifyChecksum(from: indexBlock, to: block.position, "the extensible array index block")

        var start = header.indexBlockEntries, dataBlockNumber = 0
        for superBlock in 0..<header.superBlockCount where start < count {
            let blockCount = 1 << (superBlock / 2), blockEntries = header.minimumDataBlockEntries << ((superBlock + 1) / 2)
            var addresses: [Int?] = [], paged: [[Bool]?] = []
            if superBlock < directSuperBlocks {
                for number in 0..<blockCount {
                    addresses.append(dataBlockNumber + number < dataBlocks.count ? dataBlocks[dataBlockNumber + number] : nil)
                    paged.append(nil)
                }
            } else if let address = superBlocks[superBlock - directSuperBlocks] {
                (addresses, paged) = try superBlockContents(storage, header, at: address, blocks: blockCount, blockEntries: blockEntries)
            } else {
                addresses = [Int?](repeating: nil, count: blockCount)
                paged = [[Bool]?](repeating: nil, count: blockCount)
            }
            for (number, address) in addresses.enumerated() {
                defer { start += blockEntries }
                guard start < count, let address else { continue }
                result += try dataBlock(storage, header, at: address, firstIndex: start, entries: min(blockEntries, count - start),
                                        blockEntries: blockEntries, pages: paged[number])
            }
            dataBlockNumber += blockCount
        }
        return result
    }

    /// A super block's data block addresses and, for paged data blocks, which pages were written.
    private static func superBlockContents(_ storage: HDF5Storage, _ header: Header, at address: Int, blocks: Int,
                                           blockEntries: Int) throws -> ([Int?], [[Bool]?]) {
        var cursor = try storage.cursor(at: address, "an extensible array super block")
        try cursor.signature("EASB", "an extensible array super block")
        try cursor.skip(2 + storage.offsetSize + header.offsetSize, "the super block's version, client, header address and offset")
        var pages: [[Bool]?] = [[Bool]?](repeating: nil, count: blocks)
        if blockEntries > header.pageEntries {
            let pageCount = blockEntries / header.pageEntries, bitmapSize = (pageCount + 7) / 8
            for block in 0..<blocks {
                let bitmap = try cursor.bytes(bitmapSize, "a data block's page bitmap")
                pages[block] = (0..<pageCount).map { bitmap[bitmap.startIndex + $0 / 8] & (0x80 >> UInt8($0 % 8)) != 0 }
            }
        }
        var addresses: [Int?] = []
        for _ in 0..<blocks { addresses.append(try cursor.address("a data block address")) }
        try storage.verifyChecksum(from: address, to: cursor.position, "the extensible array super block")
        return (addresses, pages)
    }

    private static func dataBlock(_ storage: HDF5Storage, _ header: Header, at address: Int, firstIndex: Int, entries: Int,
                                  blockEntries: Int, pages: [Bool]?) throws -> [(index: Int, entry: ArraySlice<UInt8>)] {
        var cursor = try storage.cursor(at: address, "an extensible array data block")
        try cursor.signature("EADB", "an extensible array data block")
        try cursor.skip(2 + storage.offsetSize + header.offsetSize, "the data block's version, client, header address and offset")
        var result: [(index: Int, entry: ArraySlice<UInt8>)] = []
        guard let pages else {
            for index in 0..<blockEntries {
                let entry = try cursor.bytes(header.entrySize, "a data block entry")
                if index < entries { result.append((firstIndex + index, entry)) }
            }
            try storage.verifyChecksum(from: address, to: cursor.position, "the extensible array data block")
            return result
        }
        try storage.verifyChecksum(from: address, to: cursor.position, "the extensible array data block")
        var pageStart = cursor.position + 4
        let pageSize = header.pageEntries * header.entrySize
        for (page, written) in pages.enumerated() {
            defer { pageStart += pageSize + 4 }
            guard written, page * header.pageEntries < entries else { continue }
            var pageCursor = try storage.cursor(at: pageStart, size: pageSize + 4, "an extensible array data block page")
            try storage.verifyChecksum(from: pageStart, to: pageStart + pageSize, "an extensible array data block page")
            for index in 0..<min(header.pageEntries, entries - page * header.pageEntries) {
                result.append((firstIndex + page * header.pageEntries + index, try pageCursor.bytes(header.entrySize, "a page entry")))
            }
        }
        return result
    }
}
