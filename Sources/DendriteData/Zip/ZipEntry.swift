/// One file in a zip archive, as its central directory describes it.
public struct ZipEntry: Sendable, Equatable {
    /// Compression methods this reader undoes.
    public enum Method: Int, Sendable {
        case stored = 0
        case deflated = 8
    }

    /// The path inside the archive, `/`-separated (`config.json`, `assets/vocabulary.txt`).
    public let name: String
    public let method: Method
    public let compressedSize: Int
    public let uncompressedSize: Int
    /// The CRC-32 of the uncompressed bytes.
    public let crc32: UInt32
    /// Whether the name ends in `/`: a directory, with no data.
    public var isDirectory: Bool { name.hasSuffix("/") }

    /// The offset of the entry's local header in the archive.
    let localHeaderOffset: Int
}
