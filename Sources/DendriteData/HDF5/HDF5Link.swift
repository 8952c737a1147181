/// A named link from a group to an object: what a group's members are.
struct HDF5Link {
    enum Target {
        /// An object header in this file.
        case hard(Int)
        /// A path to follow, absolute or relative to the group.
        case soft(String)
        /// An object in another file, which this reader does not open.
        case external(file: String, path: String)
    }

    let name: String
    let target: Target
    /// The order of creation when the group tracks it (h5py's `track_order=True`).
    let creationOrder: Int?

    /// Decodes a link message (type 0x06), from an object header or a dense group's fractal heap:
    ///
    /// ```
    /// version 1, flags, [link type (1) if flags bit 3], [creation order (8) if bit 2],
    /// [name encoding (1) if bit 4], name length (1, 2, 4 or 8 bytes by flags bits 0–1), name,
    /// hard: object header address | soft: length (2), path | external: length (2), flags, file\0, path\0
    /// ```
    init(_ message: HDF5Message, _ storage: HDF5Storage) throws {
        var cursor = try message.cursor(storage)
        let version = try cursor.uint8()
        guard version == 1 else { throw HDF5Problem("link message version \(version) is not 1") }
        let flags = try cursor.uint8()
        let type = flags & 0x08 != 0 ? Int(try cursor.uint8()) : 0
        creationOrder = flags & 0x04 != 0 ? try cursor.size(8, "a link's creation order") : nil
        if flags & 0x10 != 0 { try cursor.skip(1, "a link name's encoding") }
        let nameLength = try cursor.size(1 << Int(flags & 0x03), "a link name's length")
        guard nameLength > 0 else { throw HDF5Problem("a link has an empty name") }
        name = String(decoding: try cursor.bytes(nameLength, "a link name"), as: UTF8.self)
        switch type {
        case 0:
            guard let address = try cursor.address("the address of link '\(name)'") else {
                throw HDF5Problem("link '\(name)' points to an undefined address")
            }
            target = .hard(address)
        case 1:
            let length = try cursor.uint16()
            target = .soft(String(decoding: try cursor.bytes(length, "the path of soft link '\(name)'"), as: UTF8.self))
        case 64:
            let length = try cursor.uint16()
            var value = try HDF5Cursor(storage, from: cursor.position, to: cursor.position + length, "external link '\(name)'")
            try value.skip(1, "external link flags")
            let file = try value.zeroTerminatedString("the file of external link '\(name)'")
            let path = try value.zeroTerminatedString("the path of external link '\(name)'")
            target = .external(file: file, path: path)
        default:
            throw HDF5Problem("link '\(name)' has type \(type), not 0 (hard), 1 (soft) or 64 (external)")
        }
    }

    init(name: String, target: Target, creationOrder: Int? = nil) {
        self.name = name
        self.target = target
        self.creationOrder = creationOrder
    }
}
