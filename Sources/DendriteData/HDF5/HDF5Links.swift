/// Reading the members of a group, in whichever of HDF5's three forms it stores them:
/// a symbol table (h5py's default), link messages in the header ("compact"), or a fractal heap of
/// link messages indexed by a version 2 B-tree ("dense", after a link info message, type 0x02):
///
/// ```
/// link info: version 0, flags, [maximum creation index (8) if flags bit 0], fractal heap address,
///            name index (v2 B-tree, records: name hash (4), heap ID), [creation order index if flags bit 1]
/// ```
/// Members come back in creation order when the group tracks it (h5py's `track_order=True`),
/// otherwise sorted by name, as h5py lists them.
enum HDF5Links {
    static func read(_ header: HDF5ObjectHeader, _ storage: HDF5Storage) throws -> [HDF5Link] {
        var links: [HDF5Link] = []
        if let table = header.first(.symbolTable) { links += try HDF5SymbolTable.links(table, storage) }
        links += try header.all(.link).map { try HDF5Link($0, storage) }
        if let info = header.first(.linkInfo) {
            var cursor = try info.cursor(storage)
            let version = try cursor.uint8()
            guard version == 0 else { throw HDF5Problem("link info message version \(version) is not 0") }
            let flags = try cursor.uint8()
            if flags & 0x01 != 0 { try cursor.skip(8, "the maximum link creation index") }
            if let heapAddress = try cursor.address("the links' fractal heap address"),
               let nameIndex = try cursor.address("the links' name index address") {
                let heap = try HDF5FractalHeap(storage, at: heapAddress)
                for record in try HDF5BTreeV2.records(storage, at: nameIndex, expectedType: 5) {
                    let object = try heap.object(record.dropFirst(4))
                    let message = HDF5Message(type: HDF5Message.Kind.link.rawValue, flags: 0, start: object.lowerBound, size: object.count)
                    links.append(try HDF5Link(message, storage))
                }
            }
        }
        var seen: Set<String> = []
        for link in links where !seen.insert(link.name).inserted {
            throw HDF5Problem("the group has two members named '\(link.name)'")
        }
        if links.allSatisfy({ $0.creationOrder != nil }) {
            return links.sorted { ($0.creationOrder ?? 0) < ($1.creationOrder ?? 0) }
        }
        return links.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
