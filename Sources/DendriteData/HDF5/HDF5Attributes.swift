/// Reading all attributes of an object: attribute messages in its header (compact storage) and,
/// when an attribute info message (type 0x15) names a fractal heap, the attribute messages stored
/// there (dense storage, which HDF5 uses past 8 attributes or for attributes over 64 KiB):
///
/// ```
/// attribute info: version 0, flags, [maximum creation index (2) if flags bit 0], fractal heap address,
///                 name index (v2 B-tree, records: heap ID (8), flags, creation order (4), name hash (4)),
///                 [creation order index if flags bit 1]
/// ```
/// Attributes come back sorted by name, as h5py lists them.
enum HDF5Attributes {
    static func read(_ header: HDF5ObjectHeader, _ storage: HDF5Storage) throws -> [HDF5Attribute] {
        var heap = HDF5GlobalHeap(storage)
        var attributes = try header.all(.attribute).map { try HDF5AttributeMessage.decode($0, &heap) }
        if let info = header.first(.attributeInfo) {
            var cursor = try info.cursor(storage)
            let version = try cursor.uint8()
            guard version == 0 else { throw HDF5Problem("attribute info message version \(version) is not 0") }
            let flags = try cursor.uint8()
            if flags & 0x01 != 0 { try cursor.skip(2, "the maximum attribute creation index") }
            if let heapAddress = try cursor.address("the attributes' fractal heap address"),
               let nameIndex = try cursor.address("the attributes' name index address") {
                let fractalHeap = try HDF5FractalHeap(storage, at: heapAddress)
                for record in try HDF5BTreeV2.records(storage, at: nameIndex, expectedType: 8) {
                    guard record.count >= 9 else { throw HDF5Problem("an attribute name record of \(record.count) bytes is too short") }
                    guard record[record.startIndex + 8] & 0x02 == 0 else {
                        throw HDF5Problem("an attribute is in the shared message heap, which this reader does not read")
                    }
                    let object = try fractalHeap.object(record.prefix(8))
                    let message = HDF5Message(type: HDF5Message.Kind.attribute.rawValue, flags: 0, start: object.lowerBound, size: object.count)
                    attributes.append(try HDF5AttributeMessage.decode(message, &heap))
                }
            }
        }
        return attributes.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
