/// Decoding an attribute message (type 0x0C), found in an object header or, for dense attribute
/// storage, in a fractal heap:
///
/// ```
/// version 1: version, reserved, name size (2), datatype size (2), dataspace size (2),
///            name, datatype, dataspace (each padded to 8 bytes), data
/// version 2: version, flags, the three sizes, name, datatype, dataspace, data (no padding)
/// version 3: version 2's fields and a name encoding byte (0 ASCII, 1 UTF-8) before the name
/// ```
/// The sizes include the name's terminating zero. Flags bit 0 marks a committed datatype.
enum HDF5AttributeMessage {
    static func decode(_ message: HDF5Message, _ heap: inout HDF5GlobalHeap) throws -> HDF5Attribute {
        let storage = heap.storage
        var cursor = try message.cursor(storage)
        let version = try cursor.uint8()
        guard (1...3).contains(version) else { throw HDF5Problem("attribute message version \(version) is not 1, 2 or 3") }
        let flags = try cursor.uint8()
        let nameSize = try cursor.uint16(), datatypeSize = try cursor.uint16(), dataspaceSize = try cursor.uint16()
        if version == 3 { try cursor.skip(1, "the attribute name's encoding") }
        let padded = { (size: Int) in version == 1 ? (size + 7) / 8 * 8 : size }
        let nameStart = cursor.position
        try cursor.skip(padded(nameSize), "the attribute name")
        var nameBytes = storage.bytes[nameStart..<(nameStart + nameSize)]
        if let zero = nameBytes.firstIndex(of: 0) { nameBytes = nameBytes[..<zero] }
        let name = String(decoding: nameBytes, as: UTF8.self)
        do {
            let datatypeStart = cursor.position
            try cursor.skip(padded(datatypeSize), "the attribute's datatype")
            let dataspaceStart = cursor.position
            try cursor.skip(padded(dataspaceSize), "the attribute's dataspace")
            let datatype = try HDF5DataTypeMessage(
                HDF5Message(type: HDF5Message.Kind.datatype.rawValue, flags: flags & 0x01 != 0 ? 0x02 : 0, start: datatypeStart, size: datatypeSize),
                storage)
            guard flags & 0x02 == 0 else { throw HDF5Problem("the dataspace is in the shared message heap, which this reader does not read") }
            let dataspace = try HDF5Dataspace(
                HDF5Message(type: HDF5Message.Kind.dataspace.rawValue, flags: 0, start: dataspaceStart, size: dataspaceSize), storage)
            let count = dataspace.elementCount
            guard !dataspace.isNull else { return HDF5Attribute(name: name, value: .empty, dataType: datatype.type) }
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: datatype.elementSize)
            guard !overflow else {
                throw HDF5Problem("\(count) elements of \(datatype.elementSize) bytes are more than any file holds")
            }
            let raw = try cursor.bytes(byteCount, "the attribute's data (\(count) elements of \(datatype.elementSize) bytes)")
            let value: HDF5Value
            switch datatype.type {
            case .integer, .enumeration:
                value = .integers(try HDF5Elements.integers(raw, datatype.type, count: count), shape: dataspace.shape)
            case .float:
                value = .floats(try HDF5Elements.doubles(raw, datatype.type, count: count), shape: dataspace.shape)
            case .fixedLengthString, .variableLengthString:
                let strings = try HDF5Elements.strings(raw, datatype.type, elementSize: datatype.elementSize, count: count, heap: &heap)
                value = dataspace.shape.isEmpty ? .string(strings[0]) : .strings(strings, shape: dataspace.shape)
            case .unsupported:
                value = .unsupported(datatype.type)
            }
            return HDF5Attribute(name: name, value: value, dataType: datatype.type)
        } catch let problem as HDF5Problem {
            throw HDF5Problem("attribute '\(name)': \(problem.reason)")
        }
    }
}
