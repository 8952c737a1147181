import Dendrite
import Foundation

/// The peers' W5–W7 arrays as `Scripts/bench/export_modern_data.py` writes them: raw little-endian
/// int32 or float32 files listed in `manifest.json` with their shape and first values. Reading checks
/// each file's size against its shape and its first values against the manifest, so a stale or
/// truncated export is reported rather than trained on.
struct PeerArrays {
    let folder: String
    private let manifest: [String: JSONValue]

    /// Reads `folder/manifest.json`.
    ///
    /// - Throws: ``DendriteError`` when the folder has no readable manifest (with the command that writes it).
    init(folder: String) throws {
        self.folder = folder
        let path = "\(folder)/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DendriteError(.invalidFile, 
                "no W5–W7 data at \(path): write it with `python3 Scripts/bench/export_modern_data.py \(folder)`")
        }
        guard case .object(let manifest) = try JSONDecoder().decode(JSONValue.self, from: data) else {
            throw DendriteError(.invalidFile, "\(path): expected a JSON object")
        }
        self.manifest = manifest
    }

    /// The first `rows` rows (all when nil) of array `name` of `workload` (e.g. "W5", "x_train"), as Float.
    ///
    /// - Throws: ``DendriteError`` when the entry is missing or malformed, the file is missing or its size
    ///   does not match the shape, or its first values differ from those numpy wrote.
    func tensor(_ workload: String, _ name: String, rows: Int? = nil) throws -> Tensor {
        let place = "\(folder)/manifest.json [\(workload)][\(name)]"
        guard case .object(let arrays)? = manifest[workload], case .object(let entry)? = arrays[name],
              case .string(let file)? = entry["file"], case .string(let dtype)? = entry["dtype"],
              case .array(let shapeValues)? = entry["shape"], case .array(let firstValues)? = entry["first_values"]
        else { throw DendriteError(.invalidFile, "\(place): missing or incomplete entry") }
        let shape = try shapeValues.map { value -> Int in
            guard case .number(let size) = value, size >= 1, size == size.rounded() else {
                throw DendriteError(.invalidFile, "\(place): shape entries must be positive integers")
            }
            return Int(size)
        }
        guard !shape.isEmpty, dtype == "int32" || dtype == "float32" else {
            throw DendriteError(.invalidFile, "\(place): expected an int32 or float32 array, got \(dtype) of shape \(shape)")
        }
        guard let bytes = FileManager.default.contents(atPath: "\(folder)/\(file)") else {
            throw DendriteError(.invalidFile, "\(place): cannot read \(folder)/\(file)")
        }
        let count = shape.reduce(1, *)
        guard bytes.count == 4 * count else {
            throw DendriteError(.invalidFile, "\(folder)/\(file): \(bytes.count) bytes, expected \(4 * count) for \(dtype) \(shape)")
        }
        let keptRows = Swift.min(rows ?? shape[0], shape[0])
        let kept = keptRows * (count / shape[0])
        let scalars: [Float] = bytes.withUnsafeBytes { raw in
            (0..<kept).map { index in
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                return dtype == "int32" ? Float(Int32(bitPattern: bits)) : Float(bitPattern: bits)
            }
        }
        for (index, value) in firstValues.enumerated() where index < kept {
            guard case .number(let expected) = value, Float(expected) == scalars[index] else {
                throw DendriteError(.invalidFile, "\(folder)/\(file): value \(index) is \(scalars[index]), the manifest says \(value.jsonText)")
            }
        }
        return Tensor(shape: [keptRows] + shape.dropFirst(), scalars: scalars)
    }
}
