import Foundation
import Testing
@testable import Dendrite

/// Dendrite's files against the real `safetensors` package and PyTorch.
@Suite struct InteropTests {
    struct Values: Codable { let shape: [Int]; let data: [Float] }

    /// True when `python3` can import `safetensors` and `numpy` (checked once).
    static let pythonAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import safetensors, numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Weights exported from PyTorch by Scripts/interop/export_reference_model.py (committed, no
    /// Python needed here) give PyTorch's outputs.
    @Test func pytorchWeightsPredictPyTorchOutputs() throws {
        let directory = try #require(Bundle.module.url(forResource: "interop", withExtension: nil, subdirectory: "Fixtures"))
        struct Reference: Decodable { let inputs: Values; let outputs: Values }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: directory.appendingPathComponent("torch_mlp.json")))
        let model = Sequential {
            Dense(8, activation: .leakyRelu(slope: 0.2), inputShape: [4])
            Dense(3, activation: .softmax)
        }
        try model.loadWeights(from: directory.appendingPathComponent("torch_mlp.safetensors"))
        let predictions = try model.predict(Tensor(shape: reference.inputs.shape, scalars: reference.inputs.data))
        #expect(predictions.shape == reference.outputs.shape)
        let difference = zip(predictions.scalars, reference.outputs.data).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-5, "max |Dendrite − PyTorch| = \(difference)")
    }

    /// A model directory written by Dendrite loads with Python's `safetensors`, and NumPy, rebuilding
    /// the network from config.json, gives Dendrite's predictions.
    @Test(.enabled(if: InteropTests.pythonAvailable, "needs python3 with the safetensors and numpy packages"))
    func dendriteFilesLoadInPythonSafetensorsAndNumPyAgrees() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Sequential(seed: 5) {
            Dense(7, activation: .tanh, inputShape: [3])
            Dense(5, activation: .leakyRelu(slope: 0.1))
            Dropout(0.5)
            Dense(2, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .categoricalCrossentropy)
        let targets = Tensor(shape: [24, 2], scalars: SavingSupport.y.scalars.flatMap { [$0, 1 - $0] })
        try model.fit(SavingSupport.x, targets, epochs: 2, batchSize: 8, verbose: 0)
        try model.save(to: directory.appendingPathComponent("model"))
        let inputs = directory.appendingPathComponent("inputs.json")
        try JSONEncoder().encode(Values(shape: SavingSupport.x.shape, data: SavingSupport.x.scalars)).write(to: inputs)

        let process = Process()
        let output = Pipe(), errors = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", InteropTests.packageRoot.appendingPathComponent("Scripts/interop/check_dendrite_file.py").path,
                             directory.appendingPathComponent("model").path, inputs.path]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "check_dendrite_file.py failed: \(complaint)")

        struct Report: Decodable { let predictions: Values; let tensors: [String: [JSONValue]]; let metadata: [String: String]? }
        let report = try JSONDecoder().decode(Report.self, from: printed)
        #expect(report.tensors["dense.kernel"] == [[.number(3), .number(7)], "float32"])
        #expect(report.tensors["dense_2.bias"] == [[.number(2)], "float32"])
        #expect(report.tensors.count == 6 && report.metadata?["format"] == "dendrite")
        let predictions = try model.predict(SavingSupport.x)
        #expect(report.predictions.shape == predictions.shape)
        let difference = zip(predictions.scalars, report.predictions.data).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-5, "max |Dendrite − NumPy| = \(difference)")
    }
}
