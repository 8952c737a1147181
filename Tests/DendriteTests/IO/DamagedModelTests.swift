import Foundation
import Testing
@testable import Dendrite

/// Damaged model directories: each gives a `.invalidFile` error saying what is wrong and where
/// (the cases of docs/saving.md).
@Suite struct DamagedModelTests {
    /// Saves a small model, lets `damage` change the directory, and returns the load error.
    func loadError(_ damage: (URL) throws -> Void) throws -> (DendriteError, URL) {
        let directory = try SavingSupport.temporaryDirectory()
        let url = directory.appendingPathComponent("model")
        let model = Sequential(seed: 1) { Dense(3, activation: .relu, inputShape: [2]); Dense(1) }
        model.compile(optimizer: SGD(momentum: 0.9), loss: .mse)
        try model.fit(Tensor([[0, 1], [1, 0]]), Tensor([[1], [0]]), verbose: 0)
        try model.save(to: url)
        try damage(url)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(throws: DendriteError.self) { try Sequential.load(from: url) }
        #expect(error.kind == .invalidFile)
        return (error, url)
    }

    func editConfig(_ url: URL, _ edit: (String) -> String) throws {
        let file = url.appendingPathComponent("config.json")
        try edit(String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func missingDirectory() throws {
        let error = try #require(throws: DendriteError.self) { try Sequential.load(from: URL(fileURLWithPath: "/nonexistent-dendrite/model")) }
        #expect(error.message == "/nonexistent-dendrite/model: no model directory here (expected a directory with config.json and model.safetensors)")
    }

    @Test func missingConfiguration() throws {
        let (error, url) = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("config.json")) }
        #expect(error.message == "\(url.path)/config.json: the file cannot be read (it does not exist)")
    }

    @Test func missingWeights() throws {
        let (error, url) = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("model.safetensors")) }
        #expect(error.message == "\(url.path)/model.safetensors: the file cannot be read (it does not exist)")
    }

    @Test func futureFormatVersion() throws {
        let (error, url) = try loadError { try editConfig($0) { $0.replacingOccurrences(of: "\"format_version\" : 2", with: "\"format_version\" : 3") } }
        #expect(error.message == "\(url.path)/config.json: format version 3 is newer than this version of Dendrite reads (up to 2); update Dendrite")
    }

    @Test func configurationNotJSON() throws {
        let (error, url) = try loadError { try editConfig($0) { String($0.prefix(40)) } }
        #expect(error.message == "\(url.path)/config.json: the file is not valid JSON: it ends in the middle of a value")
    }

    @Test func missingKey() throws {
        let (error, url) = try loadError { try editConfig($0) { $0.replacingOccurrences(of: "\"name\" : \"sequential\",", with: "") } }
        #expect(error.message == "\(url.path)/config.json: missing key 'name' in the top level")
    }

    @Test func unknownLayerType() throws {
        let (error, url) = try loadError { try editConfig($0) { $0.replacingOccurrences(of: "\"class_name\" : \"Dense\"", with: "\"class_name\" : \"Conv7D\"") } }
        #expect(error.message.hasPrefix("\(url.path)/config.json: layer 'dense': unknown layer type 'Conv7D' (registered: Activation, Add, "))
    }

    @Test func malformedSetting() throws {
        let (error, url) = try loadError { try editConfig($0) { $0.replacingOccurrences(of: "\"units\" : 3", with: "\"units\" : \"three\"") } }
        #expect(error.message == "\(url.path)/config.json: layer 'dense' (Dense): setting 'units' must be an integer, got \"three\"")
    }

    @Test func shapesNotMatchingTheConfiguration() throws {
        let (error, url) = try loadError { try editConfig($0) { $0.replacingOccurrences(of: "\"units\" : 3", with: "\"units\" : 4") } }
        #expect(error.message == "\(url.path)/model.safetensors: tensor 'dense.kernel' has shape [2, 3], but the architecture needs [2, 4]")
    }

    @Test func truncatedWeights() throws {
        let (error, url) = try loadError { url in
            let file = url.appendingPathComponent("model.safetensors")
            let data = try Data(contentsOf: file)
            try data.prefix(data.count - 6).write(to: file)
        }
        #expect(error.message == "\(url.path)/model.safetensors: tensor 'dense_1.bias': data_offsets [48, 52] reach past the 46-byte data section")
    }

    @Test func optimizerStateForAnotherOptimizer() throws {
        let (error, url) = try loadError { try editConfig($0) { $0.replacingOccurrences(of: "\"name\" : \"sgd\"", with: "\"name\" : \"rmsprop\", \"rho\" : 0.9, \"epsilon\" : 1e-07") } }
        #expect(error.message == "\(url.path)/optimizer.safetensors: the state is for optimizer 'sgd', the model is compiled with 'rmsprop'")
    }
}
