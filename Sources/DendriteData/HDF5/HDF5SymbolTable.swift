/// The members of an old-style group (h5py's default): a symbol table message (type 0x11) names a
/// version 1 B-tree whose leaves are symbol table nodes, and a local heap holding the names.
///
/// ```
/// symbol table message: B-tree address, local heap address
/// local heap:           "HEAP", version 0, 3 reserved, data size (length), free list offset (length), data address
/// symbol table node:    "SNOD", version 1, reserved, entry count (2), entries:
///                         name offset in the heap, object header address, cache type (4),
///                         4 reserved, scratch pad (16; a soft link's value offset when cache type is 2)
/// ```
enum HDF5SymbolTable {
    static func links(_ message: HDF5Message, _ storage: HDF5Storage) throws -> [HDF5Link] {
        var cursor = try message.cursor(storage)
        guard let tree = try cursor.address("the group's B-tree address"),
              let heapAddress = try cursor.address("the group's local heap address") else {
            throw HDF5Problem("the symbol table message has an undefined B-tree or local heap address")
        }
        let names = try LocalHeap(storage, at: heapAddress)
        var links: [HDF5Link] = []
        try HDF5BTreeV1.leaves(storage, root: tree, nodeType: 0, keySize: storage.lengthSize) { _, node in
            var entries = try storage.cursor(at: node, "a symbol table node")
            try entries.signature("SNOD", "a symbol table node")
            let version = try entries.uint8()
            guard version == 1 else { throw HDF5Problem("symbol table node at byte \(node) has version \(version), not 1") }
            try entries.skip(1, "a symbol table node's reserved byte")
            let count = try entries.uint16()
            for _ in 0..<count {
                let nameOffset = try entries.size(storage.offsetSize, "a symbol's name offset")
                let address = try entries.address("a symbol's object header address")
                let cacheType = try entries.uint32()
                try entries.skip(4, "a symbol's reserved bytes")
                var scratch = try HDF5Cursor(storage, from: entries.position, to: entries.position + 16, "a symbol's scratch pad")
                try entries.skip(16, "a symbol's scratch pad")
                let name = try names.string(at: nameOffset)
                if cacheType == 2 {
                    let valueOffset = try scratch.uint32()
                    links.append(HDF5Link(name: name, target: .soft(try names.string(at: valueOffset))))
                } else {
                    guard let address else { throw HDF5Problem("member '\(name)' has an undefined object header address") }
                    links.append(HDF5Link(name: name, target: .hard(address)))
                }
            }
        }
        return links
    }

    /// A local heap: names as zero-terminated strings in one data segment.
    struct LocalHeap {
        let storage: HDF5Storage
        let data: Range<Int>

        init(_ storage: HDF5Storage, at address: Int) throws {
            var cursor = try storage.cursor(at: address, "a local heap")
            try cursor.signature("HEAP", "a local heap")
            let version = try cursor.uint8()
            guard version == 0 else { throw HDF5Problem("local heap at byte \(address) has version \(version), not 0") }
            try cursor.skip(3, "the local heap's reserved bytes")
            let size = try cursor.length("the local heap's data size")
            _ = try cursor.length("the local heap's free list offset")
            guard let start = try cursor.address("the local heap's data address") else {
                throw HDF5Problem("the local heap at byte \(address) has an undefined data address")
            }
            let segment = try storage.cursor(at: start, size: size, "the local heap's data segment")
            self.storage = storage
            data = segment.position..<segment.end
        }

        func string(at offset: Int) throws -> String {
            guard offset >= 0, offset < data.count else {
                throw HDF5Problem("a name at offset \(offset) lies outside the local heap's \(data.count) bytes")
            }
            var cursor = try HDF5Cursor(storage, from: data.lowerBound + offset, to: data.upperBound, "a name in the local heap")
            return try cursor.zeroTerminatedString("a name in the local heap")
        }
    }
}
