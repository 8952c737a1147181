import Foundation

/// An HDF5 file read in pure Swift: the format h5py and Keras write (`.h5`, `.weights.h5`,
/// `model.weights.h5` inside `.keras` archives).
///
/// ```swift
/// let file = try HDF5File(contentsOf: URL(fileURLWithPath: "model.weights.h5"))
/// let kernel = try file.root.dataset(at: "layers/dense/vars/0")
/// print(kernel.shape, try kernel.floats())
/// ```
///
/// Reads superblock versions 0–3; object headers 1 and 2 with continuation blocks; groups as
/// symbol tables, compact links or dense links (fractal heap and version 2 B-tree); compact,
/// contiguous and chunked datasets (version 1 B-tree, single chunk, implicit, fixed array,
/// extensible array and version 2 B-tree indexes) with deflate, shuffle, Fletcher-32 and LZF;
/// attributes, compact or dense; integers and floats (16, 32, 64 bits, bfloat16) of either byte
/// order, fixed- and variable-length strings, enumerations (h5py's `bool`), committed datatypes.
/// Not read: external and virtual storage, external links, other filters (each refused by name). Everything the file says is checked before it is used: offsets and sizes
/// against the file size, structures that point back to themselves, sizes that overflow,
/// decompressed sizes against the chunk size and ``ResourceLimits``. A damaged file throws a
/// ``DendriteError`` (`.invalidFile`) naming the file, the object and the problem.
public struct HDF5File: Sendable {
    /// The root group `/`.
    public let root: HDF5Group
    /// The superblock version (0 or 1 for h5py's default, 2 or 3 for `libver='latest'`).
    public let superblockVersion: Int
    /// Names the file in error messages: its path, or what ``init(bytes:source:)`` was told.
    public let source: String

    /// Reads the file at `url` (the whole file is loaded, within ``ResourceLimits/maximumFileBytes``).
    public init(contentsOf url: URL) throws {
        try self.init(bytes: try InputFile.read(url, kind: "HDF5 file"), source: url.path)
    }

    /// Reads HDF5 data held in memory; `source` names them in error messages.
    public init(bytes: [UInt8], source: String = "HDF5 data") throws {
        self.source = source
        let superblock = try HDF5Problem.reported(source: source, path: "/") { try HDF5Superblock(bytes: bytes, source: source) }
        superblockVersion = superblock.version
        let address = superblock.rootObjectAddress
        guard case .group(let root) = try HDF5Object.open(superblock.storage, at: address, path: "/", rootAddress: address) else {
            throw DendriteError(.invalidFile, "HDF5 file '\(source)': the root object is a dataset, not a group")
        }
        self.root = root
    }
}
