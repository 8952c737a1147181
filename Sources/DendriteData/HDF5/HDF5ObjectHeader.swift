/// One header message: its type, flags and where its data lie in the file.
struct HDF5Message {
    /// The message types the reader uses (HDF5 specification, "Object Header Messages").
    enum Kind: Int {
        case dataspace = 0x01, linkInfo = 0x02, datatype = 0x03, fillValue = 0x05, link = 0x06, layout = 0x08
        case filterPipeline = 0x0B, attribute = 0x0C, continuation = 0x10, symbolTable = 0x11, attributeInfo = 0x15
    }

    let type: Int
    let flags: UInt8
    /// The file offset and size of the message's data.
    let start: Int
    let size: Int

    /// Bit 1 of the flags: the data point to a message stored elsewhere (a committed datatype).
    var isShared: Bool { flags & 0x02 != 0 }

    func cursor(_ storage: HDF5Storage) throws -> HDF5Cursor {
        try HDF5Cursor(storage, from: start, to: start + size, "message \(type)")
    }
}

/// An object header, version 1 or 2: the list of messages that describe one group, dataset or
/// committed datatype, gathered from its first chunk and every continuation block.
///
/// ```
/// version 1: version 1, reserved, message count (2), reference count (4), chunk size (4), 4 bytes padding;
///            messages: type (2), size (2), flags (1), 3 reserved, data (8-byte aligned)
/// version 2: "OHDR", version 2, flags, [4 times], [attribute phase change (4)], chunk size (1/2/4/8);
///            messages: type (1), size (2), flags (1), [creation order (2)], data; then a checksum.
///            Continuation blocks: "OCHK", messages, checksum.
/// ```
struct HDF5ObjectHeader {
    /// A header has this many chunks at most: continuation messages that loop back are caught by
    /// remembering each chunk's address, and this bound ends long chains of distinct ones.
    static let maximumChunks = 4096

    let address: Int
    let version: Int
    let messages: [HDF5Message]

    init(_ storage: HDF5Storage, at address: Int) throws {
        self.address = address
        var cursor = try storage.cursor(at: address, "the object header")
        var messages: [HDF5Message] = []
        var pending: [(start: Int, size: Int)] = []
        var visited: Set<Int> = [address]
        let isVersion2 = cursor.remaining >= 4 && storage.bytes[address..<(address + 4)].elementsEqual("OHDR".utf8)
        if isVersion2 {
            try cursor.skip(4, "the object header signature")
            version = Int(try cursor.uint8())
            guard version == 2 else { throw HDF5Problem("object header at byte \(address) has version \(version); 'OHDR' headers are version 2") }
            let flags = try cursor.uint8()
            if flags & 0x20 != 0 { try cursor.skip(16, "the object header's times") }
            if flags & 0x10 != 0 { try cursor.skip(4, "the object header's attribute storage limits") }
            let chunkSize = try cursor.size(1 << Int(flags & 0x03), "the object header's first chunk size")
            let start = cursor.position
            var chunk = try storage.cursor(at: start, size: chunkSize, "the object header's first chunk")
            try storage.verifyChecksum(from: address, to: chunk.end, "the object header")
            try Self.readVersion2Messages(&chunk, tracksCreationOrder: flags & 0x04 != 0, into: &messages, continuations: &pending)
            while let next = pending.popLast() {
                try Self.visit(next.start, &visited)
                var block = try storage.cursor(at: next.start, size: next.size, "an object header continuation block")
                try block.signature("OCHK", "an object header continuation block")
                guard next.size >= 8 else { throw HDF5Problem("an object header continuation block of \(next.size) bytes is too small") }
                try storage.verifyChecksum(from: next.start, to: next.start + next.size - 4, "an object header continuation block")
                var body = try HDF5Cursor(storage, from: block.position, to: next.start + next.size - 4, "an object header continuation block")
                try Self.readVersion2Messages(&body, tracksCreationOrder: flags & 0x04 != 0, into: &messages, continuations: &pending)
            }
        } else {
            version = Int(try cursor.uint8())
            guard version == 1 else {
                throw HDF5Problem("object header at byte \(address) has version \(version) and no 'OHDR' signature; expected a version 1 or 2 header")
            }
            try cursor.skip(3, "the object header's reserved byte and message count")
            try cursor.skip(4, "the object header's reference count")
            let chunkSize = try cursor.uint32()
            try cursor.skip(4, "the object header's padding")
            // The first chunk follows the 16-byte prefix; continuations back to it are cycles too.
            visited = [cursor.position]
            pending.append((cursor.position, chunkSize))
            var first = true
            while let next = pending.popLast() {
                if !first { try Self.visit(next.start, &visited) }
                first = false
                var chunk = try storage.cursor(at: next.start, size: next.size, "an object header chunk")
                try Self.readVersion1Messages(&chunk, into: &messages, continuations: &pending)
            }
        }
        self.messages = messages
    }

    private static func visit(_ address: Int, _ visited: inout Set<Int>) throws {
        guard visited.insert(address).inserted else {
            throw HDF5Problem("object header continuation blocks form a cycle (byte \(address) is reached twice)")
        }
        guard visited.count <= maximumChunks else { throw HDF5Problem("the object header has more than \(maximumChunks) continuation blocks") }
    }

    private static func readVersion1Messages(_ chunk: inout HDF5Cursor, into messages: inout [HDF5Message],
                                             continuations: inout [(start: Int, size: Int)]) throws {
        while chunk.remaining >= 8 {
            let type = try chunk.uint16(), size = try chunk.uint16()
            let flags = try chunk.uint8()
            try chunk.skip(3, "a message header")
            let start = chunk.position
            try chunk.skip(size, "the data of message \(type)")
            try record(HDF5Message(type: type, flags: flags, start: start, size: size), chunk.file, into: &messages, continuations: &continuations)
        }
    }

    private static func readVersion2Messages(_ chunk: inout HDF5Cursor, tracksCreationOrder: Bool, into messages: inout [HDF5Message],
                                             continuations: inout [(start: Int, size: Int)]) throws {
        let headerSize = tracksCreationOrder ? 6 : 4
        // Fewer bytes than a message header at the end are a gap.
        while chunk.remaining >= headerSize {
            let type = Int(try chunk.uint8()), size = try chunk.uint16()
            let flags = try chunk.uint8()
            if tracksCreationOrder { try chunk.skip(2, "a message's creation order") }
            let start = chunk.position
            try chunk.skip(size, "the data of message \(type)")
            try record(HDF5Message(type: type, flags: flags, start: start, size: size), chunk.file, into: &messages, continuations: &continuations)
        }
    }

    private static func record(_ message: HDF5Message, _ storage: HDF5Storage, into messages: inout [HDF5Message],
                               continuations: inout [(start: Int, size: Int)]) throws {
        switch message.type {
        case 0: return   // NIL: free space inside the header
        case HDF5Message.Kind.continuation.rawValue:
            var cursor = try message.cursor(storage)
            guard let address = try cursor.address("a continuation block address") else {
                throw HDF5Problem("a continuation message has an undefined address")
            }
            let size = try cursor.length("a continuation block length")
            // Continuations are read in the order they appear.
            continuations.insert((address, size), at: 0)
        default: messages.append(message)
        }
    }

    func first(_ kind: HDF5Message.Kind) -> HDF5Message? { messages.first { $0.type == kind.rawValue } }
    func all(_ kind: HDF5Message.Kind) -> [HDF5Message] { messages.filter { $0.type == kind.rawValue } }
}
