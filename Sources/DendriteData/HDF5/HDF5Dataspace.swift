/// The dataspace message (type 0x01): the shape of a dataset or attribute.
///
/// ```
/// version 1: version, rank, flags, 5 reserved bytes, sizes (length fields), [maximum sizes if flags bit 0]
/// version 2: version, rank, flags, type (0 scalar, 1 simple, 2 null), sizes, [maximum sizes]
/// ```
/// A scalar has rank 0 and one element; a null dataspace (h5py's `Empty`) has no elements at all.
struct HDF5Dataspace: Equatable {
    /// The sizes; `[]` for a scalar.
    let shape: [Int]
    /// The maximum sizes (nil: unlimited) when the message stores them.
    let maximumShape: [Int?]?
    let isNull: Bool

    var elementCount: Int { isNull ? 0 : shape.reduce(1, *) }

    init(_ message: HDF5Message, _ storage: HDF5Storage) throws {
        var cursor = try message.cursor(storage)
        let version = try cursor.uint8()
        let rank = Int(try cursor.uint8()), flags = try cursor.uint8()
        guard rank <= 32 else { throw HDF5Problem("the dataspace has rank \(rank); HDF5 allows at most 32 dimensions") }
        switch version {
        case 1:
            try cursor.skip(5, "the dataspace's reserved bytes")
            isNull = false
        case 2:
            let type = try cursor.uint8()
            guard type <= 2 else { throw HDF5Problem("dataspace type \(type) is not 0 (scalar), 1 (simple) or 2 (null)") }
            isNull = type == 2
        default: throw HDF5Problem("dataspace message version \(version) is not 1 or 2")
        }
        var shape: [Int] = []
        for axis in 0..<rank { shape.append(try cursor.length("the size of dimension \(axis)")) }
        if flags & 0x01 != 0 {
            var maximum: [Int?] = []
            for axis in 0..<rank {
                let raw = try cursor.unsigned(storage.lengthSize, "the maximum size of dimension \(axis)")
                maximum.append(raw == UInt64.max >> (64 - 8 * UInt64(storage.lengthSize)) ? nil : Int(clamping: raw))
            }
            maximumShape = maximum
        } else {
            maximumShape = nil
        }
        self.shape = shape
        // The sizes come from the file, so their product may overflow.
        guard (try? ResourceLimits.count(shape, "the dataspace")) != nil else {
            throw HDF5Problem("the dataspace's sizes \(shape) describe more elements than any file can hold")
        }
    }
}
