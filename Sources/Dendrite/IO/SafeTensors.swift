import Foundation

/// A set of named tensors in the safetensors format (Hugging Face's `safetensors`), readable and
/// writable on its own:
///
/// ```
/// [8 bytes]  N, the header length, a little-endian UInt64
/// [N bytes]  JSON: {"<name>": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …,
///                   "__metadata__": {"<key>": "<string>"}}   padded with spaces to a multiple of 8
/// [rest]     the data section: each tensor's bytes, little-endian, row-major, back to back
/// ```
///
/// Offsets count from the start of the data section. Dendrite writes `F32` in the given order and
/// reads `F32`, `F16`, `BF16` and `F64` (converted to `Float`). Reading checks everything the
/// specification requires: the header length against the file size, the JSON, each dtype, that
/// each shape's byte count matches its offsets, and that the tensors cover the data section
/// exactly, without gaps or overlaps. A violation throws ``DendriteError`` (`.invalidFile`) naming
/// the file, the tensor and what was expected.
///
/// ```swift
/// var file = SafeTensors(metadata: ["format": "pt"])
/// file["dense.kernel"] = Tensor([[1, 2], [3, 4]])
/// try file.write(to: url)                      // atomic: a temporary file, then a rename
/// let kernel = try SafeTensors(contentsOf: url)["dense.kernel"]
/// ```
public struct SafeTensors: Sendable {
    /// Tensor names in file order (data-section order).
    public private(set) var names: [String] = []
    private var storage: [String: Tensor] = [:]
    /// Free-form string pairs (`__metadata__`).
    public var metadata: [String: String]

    /// The reference implementation's limit on the header size (100 MB).
    static let maximumHeaderLength: UInt64 = 100_000_000

    /// An in-memory set of tensors, written in the order given.
    public init(_ tensors: [(name: String, tensor: Tensor)] = [], metadata: [String: String] = [:]) {
        self.metadata = metadata
        for (name, tensor) in tensors { self[name] = tensor }
    }

    /// The tensor called `name`; setting a new name appends it, setting nil removes it.
    public subscript(name: String) -> Tensor? {
        get { storage[name] }
        set {
            if storage[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            storage[name] = newValue?.detached()
        }
    }

    /// Reads and validates a safetensors file.
    public init(contentsOf url: URL) throws {
        let bytes = try InputFile.read(url) { DendriteError(.invalidFile, "\(url.path): the file cannot be read (it \($0))") }
        try self.init(data: Data(bytes), source: url.path)
    }

    /// Parses and validates safetensors bytes; `source` names them in error messages.
    public init(data: Data, source: String = "safetensors data") throws {
        func failure(_ message: String) -> DendriteError { DendriteError(.invalidFile, "\(source): \(message)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else {
            throw failure("the file is \(bytes.count) bytes long, shorter than the 8-byte header length field")
        }
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard headerLength <= SafeTensors.maximumHeaderLength else {
            throw failure("header length \(headerLength) exceeds the 100 MB limit of the format")
        }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw failure("header length \(headerLength) is larger than the \(bytes.count - 8) bytes after the length field (truncated file?)")
        }
        let headerEnd = 8 + Int(headerLength)
        let header = bytes[8..<headerEnd]
        guard header.first == UInt8(ascii: "{"),
              case .object(let entries)? = try? JSONDecoder().decode(JSONValue.self, from: Data(header)) else {
            throw failure("the \(headerLength)-byte header is not a JSON object")
        }
        metadata = [:]
        if let rawMetadata = entries["__metadata__"] {
            guard case .object(let pairs) = rawMetadata else { throw failure("__metadata__ is not an object of strings") }
            for (key, value) in pairs {
                guard case .string(let text) = value else { throw failure("__metadata__ value for \(QuotedText.quoted(key)) is not a string") }
                metadata[key] = text
            }
        }
        struct Entry { let name: String, dtype: DType, shape: [Int], begin: Int, end: Int }
        let dataLength = bytes.count - headerEnd
        var parsed: [Entry] = []
        // Sorted, so that the same damage always gets the same message.
        for (name, raw) in entries.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
            guard case .object(let info) = raw else { throw failure("tensor \(QuotedText.quoted(name)): entry is not an object") }
            guard case .string(let dtypeName)? = info["dtype"] else { throw failure("tensor \(QuotedText.quoted(name)): missing dtype") }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw failure("tensor \(QuotedText.quoted(name)): unsupported dtype \(QuotedText.quoted(dtypeName)) (Dendrite reads F32, F16, BF16 and F64)")
            }
            guard let shape = SafeTensors.integers(info["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw failure("tensor \(QuotedText.quoted(name)): shape must be an array of non-negative integers")
            }
            guard let offsets = SafeTensors.integers(info["data_offsets"]), offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw failure("tensor \(QuotedText.quoted(name)): data_offsets must be two integers [begin, end] with 0 ≤ begin ≤ end")
            }
            guard offsets[1] <= dataLength else {
                throw failure("tensor \(QuotedText.quoted(name)): data_offsets \(offsets) reach past the \(dataLength)-byte data section")
            }
            let (elements, overflow) = shape.reduce((1, false)) { partial, size in
                let product = partial.0.multipliedReportingOverflow(by: size)
                return (product.partialValue, partial.1 || product.overflow)
            }
            let expected = elements.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, !expected.overflow, expected.partialValue == offsets[1] - offsets[0] else {
                throw failure("tensor \(QuotedText.quoted(name)): shape \(shape) of \(dtypeName) needs \(overflow ? "too many" : "\(elements * dtype.size)") bytes, but data_offsets \(offsets) span \(offsets[1] - offsets[0])")
            }
            // Every dtype becomes 4-byte Floats, so an F16 file's tensor doubles in memory.
            _ = try ResourceLimits.current.requireTensor(shape, "\(source): tensor \(QuotedText.quoted(name))")
            parsed.append(Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        parsed.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var position = 0
        for entry in parsed {
            if entry.begin < position {
                throw failure("tensor \(QuotedText.quoted(entry.name)): data_offsets [\(entry.begin), \(entry.end)] overlap the previous tensor, which ends at \(position)")
            }
            if entry.begin > position {
                throw failure("tensor \(QuotedText.quoted(entry.name)): data_offsets [\(entry.begin), \(entry.end)] leave a gap after byte \(position)")
            }
            position = entry.end
        }
        guard position == dataLength else {
            throw failure("the tensors cover \(position) bytes, but the data section has \(dataLength) (extra bytes at the end)")
        }
        for entry in parsed {
            let start = headerEnd + entry.begin
            let scalars = entry.dtype.decode(bytes[start..<(headerEnd + entry.end)])
            storage[entry.name] = Tensor(shape: entry.shape, scalars: scalars)
            names.append(entry.name)
        }
    }

    /// The file's bytes: every tensor as F32, in ``names`` order, the header padded with spaces to a
    /// multiple of 8 bytes (as the reference implementation pads it).
    public func data() -> Data {
        var header = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(SafeTensors.quoted($0)):\(SafeTensors.quoted(metadata[$0] ?? ""))" }
            parts.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            guard let tensor = storage[name] else { continue }
            let end = offset + tensor.count * DType.f32.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            parts.append("\(SafeTensors.quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += Array(repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)
        var result = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { result.append(contentsOf: $0) }
        result.append(contentsOf: headerBytes)
        for name in names {
            guard let tensor = storage[name] else { continue }
            let bits = tensor.scalars.map { $0.bitPattern.littleEndian }
            bits.withUnsafeBytes { result.append(contentsOf: $0) }
        }
        return result
    }

    /// Writes the file atomically: a temporary file in the same directory, flushed, then renamed
    /// over `url`. A crash leaves either the old file or the new one, never a mixture.
    public func write(to url: URL) throws {
        try AtomicFile.write(data(), to: url)
    }

    private static func integers(_ value: JSONValue?) -> [Int]? {
        guard case .array(let items)? = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .number(let number) = item, let integer = Int(exactly: number) else { return nil }
            result.append(integer)
        }
        return result
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// The element types Dendrite reads; all become `Float`.
enum DType: String {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case f64 = "F64"

    var size: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .f64: 8
        }
    }

    func decode(_ bytes: ArraySlice<UInt8>) -> [Float] {
        let base = bytes.startIndex
        func word(_ index: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[base + index * size + $1]) << (8 * UInt64($1)) }
        }
        return (0..<(bytes.count / size)).map { index in
            let bits = word(index)
            switch self {
            case .f32: return Float(bitPattern: UInt32(bits))
            case .bf16: return Float(bitPattern: UInt32(bits) << 16)
            case .f64: return Float(Double(bitPattern: bits))
            case .f16: return DType.halfToFloat(UInt16(bits))
            }
        }
    }

    /// IEEE 754 binary16 → binary32 (exact; subnormals, infinities and NaN included).
    static func halfToFloat(_ half: UInt16) -> Float {
        let sign: Float = half & 0x8000 != 0 ? -1 : 1
        let exponent = Int((half >> 10) & 0x1F), fraction = Float(half & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
