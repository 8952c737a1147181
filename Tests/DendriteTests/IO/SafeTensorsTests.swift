import Foundation
import Testing
@testable import Dendrite

@Suite struct SafeTensorsTests {
    /// A file with the given header text (unpadded) and data bytes.
    static func file(header: String, data: [UInt8], headerLength: UInt64? = nil) -> Data {
        let headerBytes = Array(header.utf8)
        var result = Data()
        withUnsafeBytes(of: (headerLength ?? UInt64(headerBytes.count)).littleEndian) { result.append(contentsOf: $0) }
        result.append(contentsOf: headerBytes)
        result.append(contentsOf: data)
        return result
    }

    static func floats(_ values: [Float]) -> [UInt8] { values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } } }

    @Test func writesTheSpecificationLayoutWithAPaddedHeader() throws {
        let data = SafeTensors([("a.kernel", Tensor([[1, 2], [3, 4]])), ("a.bias", Tensor([0.5]))],
                               metadata: ["format": "pt"]).data()
        let bytes = [UInt8](data)
        let headerLength = Int((0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) })
        let header = try #require(String(bytes: bytes[8..<(8 + headerLength)], encoding: .utf8))
        let json = #"{"__metadata__":{"format":"pt"},"a.kernel":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"a.bias":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#
        #expect(json.utf8.count == 155 && headerLength == 160)
        #expect(header == json + "     ")
        #expect(Array(bytes[(8 + headerLength)...]) == SafeTensorsTests.floats([1, 2, 3, 4, 0.5]))
    }

    @Test func roundTripKeepsNamesOrderShapesBitsAndMetadata() throws {
        let values: [Float] = [.pi, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1e-30, 7]
        let original = SafeTensors([("z", Tensor(shape: [2, 3], scalars: values)), ("a", Tensor(shape: [0, 4], scalars: [])),
                                    ("scalar", Tensor(2.5))], metadata: ["note": "quote \" and \\ and \n"])
        let read = try SafeTensors(data: original.data())
        #expect(read.names == ["z", "a", "scalar"])
        #expect(read["z"]?.scalars.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(read["a"]?.shape == [0, 4])
        #expect(read["scalar"]?.shape == [] && read["scalar"]?.scalar == 2.5)
        #expect(read.metadata == original.metadata)
    }

    @Test func readsHalfBFloatAndDoubleWrittenByTheSafetensorsPackage() throws {
        struct Values: Decodable { let shape: [Int]; let data: [Float] }
        let directory = try #require(Bundle.module.url(forResource: "interop", withExtension: nil, subdirectory: "Fixtures"))
        let file = try SafeTensors(contentsOf: directory.appendingPathComponent("dtypes.safetensors"))
        let expected = try JSONDecoder().decode([String: Values].self,
                                                from: Data(contentsOf: directory.appendingPathComponent("dtypes.json")))
        #expect(Set(file.names) == ["half", "bfloat", "double"])
        for (name, values) in expected {
            let tensor = try #require(file[name])
            #expect(tensor.shape == values.shape, "\(name)")
            #expect(tensor.scalars.map(\.bitPattern) == values.data.map(\.bitPattern), "\(name): \(tensor.scalars) vs \(values.data)")
        }
    }

    /// Every damaged file of docs/saving.md, with the exact message (after the `source: ` prefix).
    static let damaged: [(String, @Sendable () -> Data, String)] = [
        ("shorter than the length field", { Data([1, 0, 0]) },
         "the file is 3 bytes long, shorter than the 8-byte header length field"),
        ("header length beyond the file", { file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0], headerLength: 4000) },
         "header length 4000 is larger than the 58 bytes after the length field (truncated file?)"),
        ("header length over the limit", { file(header: "{}", data: [], headerLength: 1 << 40) },
         "header length 1099511627776 exceeds the 100 MB limit of the format"),
        ("header length cutting the JSON", { file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0], headerLength: 20) },
         "the 20-byte header is not a JSON object"),
        ("truncated data", { file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0, 0]) },
         "tensor 'a': data_offsets [0, 8] reach past the 5-byte data section"),
        ("offsets out of range", { file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[100,104]}}"#, data: [0, 0, 0, 0]) },
         "tensor 'a': data_offsets [100, 104] reach past the 4-byte data section"),
        ("offsets reversed", { file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]) },
         "tensor 'a': data_offsets must be two integers [begin, end] with 0 ≤ begin ≤ end"),
        ("overlapping tensors", { file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: Array(repeating: 0, count: 8)) },
         "tensor 'b': data_offsets [4, 8] overlap the previous tensor, which ends at 8"),
        ("gap between tensors", { file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: Array(repeating: 0, count: 12)) },
         "tensor 'b': data_offsets [8, 12] leave a gap after byte 4"),
        ("extra bytes after the tensors", { file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 6)) },
         "the tensors cover 4 bytes, but the data section has 6 (extra bytes at the end)"),
        ("unknown dtype", { file(header: #"{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)) },
         "tensor 'a': unsupported dtype 'I64' (Dendrite reads F32, F16, BF16 and F64)"),
        ("shape not matching the byte count", { file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)) },
         "tensor 'a': shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] span 8"),
        ("negative size in a shape", { file(header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: Array(repeating: 0, count: 4)) },
         "tensor 'a': shape must be an array of non-negative integers"),
        ("metadata value not a string", { file(header: #"{"__metadata__":{"epoch":3}}"#, data: []) },
         "__metadata__ value for 'epoch' is not a string"),
    ]

    @Test(arguments: 0..<SafeTensorsTests.damaged.count)
    func damagedFileThrowsAClearError(_ index: Int) throws {
        let (label, make, expected) = SafeTensorsTests.damaged[index]
        let error = try #require(throws: DendriteError.self, "\(label)") {
            try SafeTensors(data: make(), source: "damaged.safetensors")
        }
        #expect(error.kind == .invalidFile)
        #expect(error.message == "damaged.safetensors: " + expected, "\(label)")
    }

    @Test func missingFileNamesThePath() throws {
        let error = try #require(throws: DendriteError.self) {
            try SafeTensors(contentsOf: URL(fileURLWithPath: "/nonexistent-dendrite/model.safetensors"))
        }
        #expect(error.message == "/nonexistent-dendrite/model.safetensors: the file cannot be read (it does not exist)")
    }

    @Test func writeReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("weights.safetensors")
        try SafeTensors([("w", Tensor([1, 2]))]).write(to: url)
        try SafeTensors([("w", Tensor([3, 4, 5]))]).write(to: url)
        #expect(try SafeTensors(contentsOf: url)["w"] == Tensor([3, 4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["weights.safetensors"])
    }
}
