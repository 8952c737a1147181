/// Lays out an ``HDF5Writer``'s tree as bytes. Children are written before their parents, so
/// every address a header needs is known when it is written; only the superblock, written first,
/// is completed at the end:
///
/// ```
/// superblock 0 (96 bytes) | global heap collection (all variable-length strings) |
/// for each object, children first: [dataset data] | [group: local heap, symbol table nodes,
/// B-tree nodes] | object header (version 1)
/// ```
struct HDF5FileBuilder {
    /// The B-tree 'K' values of the superblock: a symbol table node holds up to 2 × 4 members,
    /// a B-tree node up to 2 × 16 children (HDF5's defaults).
    static let leafK = 4, internalK = 16
    static let undefined = UInt64.max

    let root: HDF5Writer.Node
    private var output: [UInt8] = []
    /// Global heap object index of each variable-length string, in order of first use.
    private var heapIndex: [String: Int] = [:]
    private var heapStrings: [String] = []
    private var heapAddress = 0

    init(root: HDF5Writer.Node) { self.root = root }

    func build() throws -> [UInt8] {
        var builder = self
        return try builder.run()
    }

    private mutating func run() throws -> [UInt8] {
        output = [UInt8](repeating: 0, count: 96)
        collectStrings(root)
        if !heapStrings.isEmpty { writeGlobalHeap() }
        let table = try writeGroup(root, path: "/")
        // The superblock: signature, versions 0, 8-byte addresses and lengths, K values, flags,
        // base address, free space (none), end of file, driver (none), then the root's symbol
        // table entry with the B-tree and heap addresses cached in its scratch pad.
        var superblock: [UInt8] = HDF5Superblock.signature + [0, 0, 0, 0, 0, 8, 8, 0]
        superblock += Self.u16(Self.leafK) + Self.u16(Self.internalK) + Self.u32(0)
        superblock += Self.u64(0) + Self.u64(Self.undefined) + Self.u64(UInt64(output.count)) + Self.u64(Self.undefined)
        superblock += Self.u64(0) + Self.u64(UInt64(table.header)) + Self.u32(1) + Self.u32(0)
        superblock += Self.u64(UInt64(table.btree)) + Self.u64(UInt64(table.heap))
        output.replaceSubrange(0..<96, with: superblock)
        return output
    }

    // MARK: Global heap

    private mutating func collectStrings(_ node: HDF5Writer.Node) {
        for (_, attribute) in node.attributes where attribute.strings == .variableLength {
            for string in attribute.value.strings ?? [] where !string.isEmpty && heapIndex[string] == nil {
                heapStrings.append(string)
                heapIndex[string] = heapStrings.count
            }
        }
        if case .group(let children) = node.content { for child in children.values { collectStrings(child) } }
    }

    /// One collection holding every string ("GCOL", version 1, size; objects: index, reference
    /// count, size, data padded to 8 bytes; then a free-space object). HDF5 makes collections at
    /// least 4 KiB, so this one is too.
    private mutating func writeGlobalHeap() {
        heapAddress = output.count
        var objects: [UInt8] = []
        for (offset, string) in heapStrings.enumerated() {
            let bytes = Array(string.utf8)
            objects += Self.u16(offset + 1) + Self.u16(1) + Self.u32(0) + Self.u64(UInt64(bytes.count)) + Self.padded(bytes)
        }
        var size = max(4096, 16 + objects.count)
        // The free space after the objects needs room for its own 16-byte object header.
        if (1..<16).contains(size - 16 - objects.count) { size += 16 }
        output += Array("GCOL".utf8) + [1, 0, 0, 0] + Self.u64(UInt64(size)) + objects
        let free = size - 16 - objects.count
        if free > 0 { output += Self.u16(0) + Self.u16(0) + Self.u32(0) + Self.u64(UInt64(free)) + [UInt8](repeating: 0, count: free - 16) }
    }

    // MARK: Objects

    private mutating func write(_ node: HDF5Writer.Node, path: String) throws -> Int {
        switch node.content {
        case .group: return try writeGroup(node, path: path).header
        case .dataset(let shape, let type, let bytes):
            var dataAddress = Self.undefined
            if !bytes.isEmpty {
                dataAddress = UInt64(output.count)
                output += bytes
            }
            var messages: [(type: Int, data: [UInt8])] = [
                (0x01, Self.dataspace(shape)),
                (0x03, Self.datatype(type).bytes),
                // Fill value version 2: allocation late, fill on allocation if set, defined, size 0 (zeros).
                (0x05, [2, 2, 2, 1, 0, 0, 0, 0]),
                // Layout version 3, contiguous: address and size.
                (0x08, [3, 1] + Self.u64(dataAddress) + Self.u64(UInt64(bytes.count))),
            ]
            messages += try attributeMessages(node, path: path)
            return writeHeader(messages)
        }
    }

    /// A group: its children, a local heap of their names, symbol table nodes of up to 2K members
    /// sorted by name, and version 1 B-tree nodes over them, as many levels as needed.
    private mutating func writeGroup(_ node: HDF5Writer.Node, path: String) throws -> (header: Int, btree: Int, heap: Int) {
        guard case .group(let children) = node.content else { preconditionFailure("writeGroup: not a group") }
        let sorted = children.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let names = sorted.map(\.key)
        var members: [(name: String, address: Int)] = []
        for (name, child) in sorted {
            members.append((name, try write(child, path: path == "/" ? "/\(name)" : "\(path)/\(name)")))
        }
        // The local heap's data: the empty string at offset 0 (B-tree key 0), then every name.
        var heapData: [UInt8] = [UInt8](repeating: 0, count: 8)
        var nameOffset: [String: Int] = [:]
        for name in names {
            nameOffset[name] = heapData.count
            heapData += Self.padded(Array(name.utf8) + [0])
        }
        let heapDataAddress = output.count
        output += heapData
        let heapAddress = output.count
        // "HEAP", version 0, data size, free list (1: none), data address.
        output += Array("HEAP".utf8) + [0, 0, 0, 0] + Self.u64(UInt64(heapData.count)) + Self.u64(1) + Self.u64(UInt64(heapDataAddress))

        // The leaves: symbol table nodes. Each remembers its last (largest) name, the B-tree key after it.
        var level: [(address: Int, lastName: String?)] = []
        let perNode = 2 * Self.leafK
        for start in stride(from: 0, to: members.count, by: perNode) {
            let slice = members[start..<min(start + perNode, members.count)]
            let address = output.count
            output += Array("SNOD".utf8) + [1, 0] + Self.u16(slice.count)
            for member in slice {
                output += Self.u64(UInt64(nameOffset[member.name] ?? 0)) + Self.u64(UInt64(member.address)) + Self.u32(0) + Self.u32(0)
                output += [UInt8](repeating: 0, count: 16)
            }
            output += [UInt8](repeating: 0, count: (perNode - slice.count) * 40)
            level.append((address, slice.last?.name))
        }
        // B-tree levels until one node remains; an empty group has one node with no children.
        var treeLevel = 0
        repeat {
            var next: [(address: Int, lastName: String?)] = []
            let perTreeNode = 2 * Self.internalK
            let groups = level.isEmpty ? [[]]
                : stride(from: 0, to: level.count, by: perTreeNode).map { Array(level[$0..<min($0 + perTreeNode, level.count)]) }
            // Signature, type, level, entries used, siblings; 2K + 1 keys and 2K children, used or not.
            let nodeSize = 24 + (2 * Self.internalK + 1) * 8 + 2 * Self.internalK * 8
            for (index, entries) in groups.enumerated() {
                let address = output.count
                let left = index == 0 ? Self.undefined : UInt64(address - nodeSize)
                let right = index == groups.count - 1 ? Self.undefined : UInt64(address + nodeSize)
                output += Array("TREE".utf8) + [0, UInt8(treeLevel)] + Self.u16(entries.count) + Self.u64(left) + Self.u64(right)
                var body = Self.u64(0)
                for entry in entries {
                    body += Self.u64(UInt64(entry.address)) + Self.u64(UInt64(entry.lastName.flatMap { nameOffset[$0] } ?? 0))
                }
                output += body + [UInt8](repeating: 0, count: nodeSize - 24 - body.count)
                next.append((address, entries.last?.lastName))
            }
            level = next
            treeLevel += 1
        } while level.count > 1
        let btree = level[0].address
        let messages = [(0x11, Self.u64(UInt64(btree)) + Self.u64(UInt64(heapAddress)))] + (try attributeMessages(node, path: path))
        return (writeHeader(messages), btree, heapAddress)
    }

    /// A version 1 object header: version 1, reserved, message count, reference count 1, size,
    /// padding; each message: type, size, flags, 3 reserved bytes, data padded to 8 bytes.
    private mutating func writeHeader(_ messages: [(type: Int, data: [UInt8])]) -> Int {
        var body: [UInt8] = []
        for message in messages {
            let data = Self.padded(message.data)
            // Datatype messages are marked constant (flag bit 0), as HDF5 marks them.
            body += Self.u16(message.type) + Self.u16(data.count) + [message.type == 0x03 ? 1 : 0, 0, 0, 0] + data
        }
        let address = output.count
        output += [1, 0] + Self.u16(messages.count) + Self.u32(1) + Self.u32(body.count) + Self.u32(0) + body
        return address
    }

    // MARK: Messages

    private func attributeMessages(_ node: HDF5Writer.Node, path: String) throws -> [(type: Int, data: [UInt8])] {
        try node.attributes.map { name, attribute in
            let message = try attributeMessage(name, attribute)
            // Version 1 object headers store a message's size in 16 bits.
            guard message.count <= 65_528 else {
                throw DendriteError(.invalidArgument, "HDF5Writer: attribute '\(name)' of '\(path)' needs \(message.count) bytes; "
                                    + "an attribute in an HDF5 object header holds at most 65,528 (h5py's default format has the same limit)")
            }
            return (0x0C, message)
        }
    }

    /// An attribute message, version 1: version, reserved, name size, datatype size, dataspace
    /// size, then the name, datatype and dataspace each padded to 8 bytes, then the data.
    private func attributeMessage(_ name: String, _ attribute: HDF5Writer.Attribute) throws -> [UInt8] {
        let type: HDF5DataType, data: [UInt8], shape: [Int]
        switch attribute.value {
        case .string(let value):
            (type, data) = strings([value], attribute.strings)
            shape = []
        case .strings(let values, let valueShape):
            (type, data) = strings(values, attribute.strings)
            shape = valueShape
        case .integers(let values, let valueShape):
            type = .integer(size: 8, signed: true, bigEndian: false)
            data = values.flatMap { HDF5Writer.littleEndian(UInt64(bitPattern: Int64($0)), size: 8) }
            shape = valueShape
        case .floats(let values, let valueShape):
            type = .float(size: 8, bigEndian: false, exponentBits: 11, mantissaBits: 52)
            data = values.flatMap { HDF5Writer.littleEndian($0.bitPattern, size: 8) }
            shape = valueShape
        case .empty, .unsupported:
            throw DendriteError.argument("HDF5Writer: attribute '\(name)' has no value to write")
        }
        let nameBytes = Array(name.utf8) + [0], datatype = Self.datatype(type).bytes, dataspace = Self.dataspace(shape)
        return [1, 0] + Self.u16(nameBytes.count) + Self.u16(datatype.count) + Self.u16(dataspace.count)
            + Self.padded(nameBytes) + Self.padded(datatype) + Self.padded(dataspace) + data
    }

    /// The type and bytes of string values: references into the global heap, or fixed-length
    /// zero-padded bytes as long as the longest value (at least 1).
    private func strings(_ values: [String], _ storage: HDF5Writer.StringStorage) -> (HDF5DataType, [UInt8]) {
        switch storage {
        case .variableLength:
            let data = values.flatMap { value -> [UInt8] in
                let count = value.utf8.count
                guard count > 0, let index = heapIndex[value] else { return [UInt8](repeating: 0, count: 16) }
                return Self.u32(count) + Self.u64(UInt64(heapAddress)) + Self.u32(index)
            }
            return (.variableLengthString(utf8: true), data)
        case .fixedLength:
            let length = max(1, values.map(\.utf8.count).max() ?? 1)
            let data = values.flatMap { Array($0.utf8) + [UInt8](repeating: 0, count: length - $0.utf8.count) }
            return (.fixedLengthString(length: length, spacePadded: false, utf8: false), data)
        }
    }

    /// A dataspace message, version 1: version, rank, flags (maximum sizes present), 5 reserved
    /// bytes, the sizes, the maximum sizes (the same: the dataset cannot grow).
    static func dataspace(_ shape: [Int]) -> [UInt8] {
        let sizes = shape.flatMap { u64(UInt64($0)) }
        return [1, UInt8(shape.count), shape.isEmpty ? 0 : 1, 0, 0, 0, 0, 0] + sizes + sizes
    }

    /// A datatype message (version 1) and the element size it declares.
    static func datatype(_ type: HDF5DataType) -> (bytes: [UInt8], size: Int) {
        switch type {
        case .integer(let size, let signed, _):
            return ([0x10, signed ? 0x08 : 0, 0, 0] + u32(size) + u16(0) + u16(8 * size), size)
        case .float(let size, _, let exponentBits, let mantissaBits):
            // Mantissa normalisation 2 (implied leading 1), sign bit at the top.
            let signBit = UInt8(exponentBits + mantissaBits)
            return ([0x11, 0x20, signBit, 0] + u32(size) + u16(0) + u16(8 * size)
                    + [UInt8(mantissaBits), UInt8(exponentBits), 0, UInt8(mantissaBits)] + u32((1 << (exponentBits - 1)) - 1), size)
        case .fixedLengthString(let length, _, _):
            // Zero-padded ASCII, as numpy's `S` arrays are stored.
            return ([0x13, 0x01, 0, 0] + u32(length), length)
        default:
            // Variable-length UTF-8 string over 1-byte unsigned characters: a 16-byte reference.
            return ([0x19, 0x01, 0x01, 0] + u32(16) + [0x10, 0, 0, 0] + u32(1) + u16(0) + u16(8), 16)
        }
    }

    // MARK: Encoding

    static func u16(_ value: Int) -> [UInt8] { HDF5Writer.littleEndian(UInt64(value), size: 2) }
    static func u32(_ value: Int) -> [UInt8] { HDF5Writer.littleEndian(UInt64(value), size: 4) }
    static func u64(_ value: UInt64) -> [UInt8] { HDF5Writer.littleEndian(value, size: 8) }

    /// `bytes` followed by zeros up to a multiple of 8.
    static func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (8 - bytes.count % 8) % 8) }
}
