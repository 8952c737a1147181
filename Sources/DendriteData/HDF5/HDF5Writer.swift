import Foundation

/// Writes HDF5 files in the oldest, simplest form every HDF5 reader opens (h5py's default,
/// `libver='earliest'`): superblock version 0, version 1 object headers, groups as symbol tables
/// (version 1 B-tree, symbol table nodes and a local heap), contiguous datasets, and attributes
/// whose strings live in one global heap collection. Enough for what Keras' `keras.saving` reads
/// back: nested groups, datasets of any shape (scalars and zero-size ones too) and string, integer
/// and float attributes.
///
/// ```swift
/// var writer = HDF5Writer()
/// try writer.createDataset("layers/dense/vars/0", shape: [3, 4], values: kernel)   // [Float]
/// try writer.setAttribute("name", .string("dense"), on: "layers/dense/vars")
/// try writer.write(to: URL(fileURLWithPath: "model.weights.h5"))
/// ```
/// Paths are names separated by `/`; groups along a path are created as needed (h5py's
/// `require_group`). Members are stored sorted by name, as HDF5 indexes them.
public struct HDF5Writer: Sendable {
    /// How string attributes are stored.
    public enum StringStorage: Sendable {
        /// Variable-length UTF-8 strings in the global heap (h5py's `str`).
        case variableLength
        /// Fixed-length byte strings as long as the longest value (h5py's `bytes`, numpy's `S` arrays).
        case fixedLength
    }

    struct Attribute: Sendable {
        let value: HDF5Value
        let strings: StringStorage
    }

    struct Node: Sendable {
        enum Content: Sendable {
            case group([String: Node])
            case dataset(shape: [Int], type: HDF5DataType, bytes: [UInt8])
        }

        var content: Content
        var attributes: [(name: String, attribute: Attribute)] = []
    }

    private var root = Node(content: .group([:]))

    public init() {}

    /// Creates the group at `path` and any missing groups above it; an existing group is kept.
    public mutating func createGroup(_ path: String) throws {
        try modify(path, creating: true) { node, place in
            guard case .group = node.content else { throw DendriteError.argument("HDF5Writer: \(place) is a dataset, not a group") }
        }
    }

    /// Creates a float32 dataset of `shape` holding `values` in row-major order.
    public mutating func createDataset(_ path: String, shape: [Int], values: [Float]) throws {
        try createDataset(path, shape: shape, count: values.count, type: .float(size: 4, bigEndian: false, exponentBits: 8, mantissaBits: 23),
                          bytes: values.flatMap { Self.littleEndian(UInt64($0.bitPattern), size: 4) })
    }

    /// Creates a float64 dataset of `shape` holding `values` in row-major order.
    public mutating func createDataset(_ path: String, shape: [Int], values: [Double]) throws {
        try createDataset(path, shape: shape, count: values.count, type: .float(size: 8, bigEndian: false, exponentBits: 11, mantissaBits: 52),
                          bytes: values.flatMap { Self.littleEndian($0.bitPattern, size: 8) })
    }

    /// Creates an integer dataset of `shape` (little-endian `int64` unless `type` names another
    /// little-endian integer type, such as Keras' `uint32` seed states), checking every value fits.
    public mutating func createDataset(_ path: String, shape: [Int], values: [Int],
                                       type: HDF5DataType = .integer(size: 8, signed: true, bigEndian: false)) throws {
        guard case .integer(let size, let signed, false) = type else {
            throw DendriteError.argument("HDF5Writer: \(type) is not a little-endian integer type")
        }
        let bits = 8 * size
        let range: ClosedRange<Int> = signed ? (size == 8 ? Int.min...Int.max : -(1 << (bits - 1))...((1 << (bits - 1)) - 1))
                                             : (0...(size == 8 ? Int.max : (1 << bits) - 1))
        if let (index, value) = values.enumerated().first(where: { !range.contains($0.element) }) {
            throw DendriteError.argument("HDF5Writer: value \(value) at index \(index) of '\(path)' does not fit \(type)")
        }
        try createDataset(path, shape: shape, count: values.count, type: type,
                          bytes: values.flatMap { Self.littleEndian(UInt64(bitPattern: Int64($0)), size: size) })
    }

    /// Creates a float32 dataset with the tensor's shape and values.
    public mutating func createDataset(_ path: String, tensor: Tensor) throws {
        try createDataset(path, shape: tensor.shape, values: tensor.scalars)
    }

    /// Sets attribute `name` of the group or dataset at `path` (`/` or `""`: the root group),
    /// replacing one of that name.
    public mutating func setAttribute(_ name: String, _ value: HDF5Value, on path: String = "/",
                                      strings: StringStorage = .variableLength) throws {
        guard !name.isEmpty, !name.utf8.contains(0) else { throw DendriteError.argument("HDF5Writer: attribute name '\(name)' must be non-empty without zero bytes") }
        if case .empty = value { throw DendriteError.argument("HDF5Writer: attribute '\(name)' has no value to write") }
        if case .unsupported = value { throw DendriteError.argument("HDF5Writer: attribute '\(name)' has no value to write (\(value))") }
        try Self.requireShape(value, name)
        try modify(path, creating: false) { node, _ in
            node.attributes.removeAll { $0.name == name }
            node.attributes.append((name, Attribute(value: value, strings: strings)))
        }
    }

    /// The file's bytes.
    public func bytes() throws -> [UInt8] { try HDF5FileBuilder(root: root).build() }

    /// Writes the file to `url` atomically (a temporary file, then a rename).
    public func write(to url: URL) throws {
        let data = Data(try bytes())
        do { try data.write(to: url, options: .atomic) } catch {
            throw DendriteError(.invalidFile, "HDF5Writer: cannot write '\(url.path)': \(FileErrorText.describe(error))")
        }
    }

    private mutating func createDataset(_ path: String, shape: [Int], count: Int, type: HDF5DataType, bytes: [UInt8]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), (try? ResourceLimits.count(shape, path)) == count else {
            throw DendriteError.shape("HDF5Writer: dataset '\(path)' has shape \(shape) but \(count) values")
        }
        let components = Self.components(path)
        guard let name = components.last else { throw DendriteError.argument("HDF5Writer: a dataset needs a name, not the path '\(path)'") }
        try modify(components.dropLast().joined(separator: "/"), creating: true) { parent, place in
            guard case .group(var children) = parent.content else { throw DendriteError.argument("HDF5Writer: \(place) is a dataset, not a group") }
            guard children[name] == nil else { throw DendriteError.argument("HDF5Writer: '\(path)' exists already") }
            children[name] = Node(content: .dataset(shape: shape, type: type, bytes: bytes))
            parent.content = .group(children)
        }
    }

    /// Runs `body` on the node at `path`, creating missing groups on the way when `creating`.
    private mutating func modify(_ path: String, creating: Bool, _ body: (inout Node, String) throws -> Void) throws {
        try Self.modify(&root, Self.components(path)[...], place: "/", creating: creating, body)
    }

    private static func modify(_ node: inout Node, _ components: ArraySlice<String>, place: String, creating: Bool,
                               _ body: (inout Node, String) throws -> Void) throws {
        guard let first = components.first else { return try body(&node, "'\(place)'") }
        guard case .group(var children) = node.content else { throw DendriteError.argument("HDF5Writer: '\(place)' is a dataset, not a group") }
        let childPlace = place == "/" ? "/\(first)" : "\(place)/\(first)"
        guard var child = children[first] ?? (creating ? Node(content: .group([:])) : nil) else {
            throw DendriteError.argument("HDF5Writer: there is no group or dataset '\(childPlace)'")
        }
        // Taken out and put back so that the child is changed in place, not copied.
        children[first] = nil
        node.content = .group([:])
        defer {
            children[first] = child
            node.content = .group(children)
        }
        try modify(&child, components.dropFirst(), place: childPlace, creating: creating, body)
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    }

    private static func requireShape(_ value: HDF5Value, _ name: String) throws {
        let count: Int, shape: [Int]
        switch value {
        case .strings(let values, let valueShape): (count, shape) = (values.count, valueShape)
        case .integers(let values, let valueShape): (count, shape) = (values.count, valueShape)
        case .floats(let values, let valueShape): (count, shape) = (values.count, valueShape)
        default: return
        }
        guard shape.allSatisfy({ $0 >= 0 }), (try? ResourceLimits.count(shape, name)) == count else {
            throw DendriteError.shape("HDF5Writer: attribute '\(name)' has shape \(shape) but \(count) values")
        }
    }

    static func littleEndian(_ value: UInt64, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
