import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Keras' own files (issue 15): models trained and saved by Keras 3 (`.keras`, Keras 2's `.h5`,
/// `.weights.h5`), written by `Scripts/fixtures/make_keras_file_fixtures.py`, must load and predict
/// Keras' outputs; Dendrite's `.keras` files must load back.
@Suite struct KerasFileTests {
    struct Expected: Decodable {
        let inputs: [KerasFixtures.Values]
        let predictions: [KerasFixtures.Values]
        let total_params: Int
        let trainable_params: Int
    }

    static let expected = expectations("keras_files")
    /// Models written by Keras 2 itself (tf_keras), by make_keras2_file_fixtures.py.
    static let expectedKeras2 = expectations("keras2_files")

    static func expectations(_ file: String) -> [String: Expected] {
        guard let url = Bundle.module.url(forResource: file, withExtension: "json", subdirectory: "Fixtures/keras_files"),
              let data = try? Data(contentsOf: url) else { return [:] }
        return (try? JSONDecoder().decode([String: Expected].self, from: data)) ?? [:]
    }

    static func file(_ name: String) throws -> URL {
        let url = Bundle.module.url(forResource: "Fixtures/keras_files/\(name)", withExtension: nil)
        return try #require(url, "missing fixture \(name)")
    }

    static func expectKerasPredictions(_ model: Model, _ name: String, from table: [String: Expected] = expected) throws {
        let expected = try #require(table[name])
        let outputs = try model.predict(expected.inputs.map(\.tensor))
        #expect(outputs.count == expected.predictions.count)
        for (output, want) in zip(outputs, expected.predictions) {
            expectClose(output, want.tensor, relative: 1e-6, absolute: 1e-6, "\(name) prediction")
        }
        #expect(model.parameters.reduce(0) { $0 + $1.value.count } == expected.total_params, "\(name) parameter count")
        #expect(model.parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count } == expected.trainable_params)
    }

    static let models = ["mlp", "cnn", "conv1d", "recurrent", "bidirectional", "embedding", "residual", "two_inputs", "transformer"]

    @Test(arguments: models)
    func kerasArchivePredictsAsKeras(_ name: String) throws {
        try Self.expectKerasPredictions(try Model.load(from: Self.file("\(name).keras")), name)
    }

    @Test(arguments: models)
    func kerasTwoWholeModelFilePredictsAsKeras(_ name: String) throws {
        try Self.expectKerasPredictions(try Model.load(from: Self.file("\(name).h5")), name)
    }

    @Test(arguments: ["mlp", "cnn", "recurrent", "embedding", "two_inputs", "attention"])
    func genuineKerasTwoFilePredictsAsKeras(_ name: String) throws {
        try Self.expectKerasPredictions(try Model.load(from: Self.file("\(name).keras2.h5")), name, from: Self.expectedKeras2)
    }

    @Test(arguments: ["mlp", "transformer"])
    func weightsFileLoadsIntoTheSameArchitecture(_ name: String) throws {
        let model = try Model.load(from: Self.file("\(name).keras"))
        for parameter in model.parameters { parameter.value = Tensor.zeros(parameter.value.shape) }
        try model.loadWeights(from: Self.file("\(name).weights.h5"))
        try Self.expectKerasPredictions(model, name)
    }

    @Test func archiveKeepsKerasCompileSettings() throws {
        let model = try Model.load(from: Self.file("mlp.keras"))
        let compiled = try #require(model.compiled)
        #expect(compiled.optimizerState.optimizer.name == "adam")
        #expect(abs(compiled.optimizerState.optimizer.learningRate - 0.01) < 1e-9)
    }

    /// Trains each zoo model briefly, saves it as `.keras` and loads it back. With `KERAS_EXPORT_DIR`
    /// set, also leaves there `<name>.keras` and `<name>.json` (inputs and predictions) for
    /// `make_keras_file_fixtures.py --check`, which opens them with Keras.
    @Test(arguments: ModelZoo.entries.map(\.name))
    func dendriteArchiveRoundTripsBitForBit(_ name: String) throws {
        let entry = try #require(ModelZoo.entries.first { $0.name == name })
        let model = try entry.make()
        ModelZoo.compile(model, entry)
        _ = try model.fit(entry.inputs, entry.targets, epochs: 2, batchSize: 3, verbose: 0)
        let export = ProcessInfo.processInfo.environment["KERAS_EXPORT_DIR"].map { URL(fileURLWithPath: $0) }
        let directory = try export ?? SavingSupport.temporaryDirectory()
        defer { if export == nil { try? FileManager.default.removeItem(at: directory) } }
        model.resetStates() // carried states are not saved (as in Keras)
        let predictions = try model.predict(entry.inputs)
        for format in ["keras", "h5"] {
            let url = directory.appendingPathComponent("\(name).\(format)")
            try model.save(to: url)
            let loaded = try Model.load(from: url)
            for (before, after) in zip(predictions, try loaded.predict(entry.inputs)) {
                #expect(before.scalars == after.scalars, "\(name): predictions differ after a .\(format) round trip")
            }
        }
        if let export {
            func encoded(_ tensor: Tensor) -> JSONValue { ["shape": .array(tensor.shape.map(JSONValue.int)), "data": .array(tensor.scalars.map(JSONValue.float))] }
            let record: JSONValue = ["inputs": .array(entry.inputs.map(encoded)), "predictions": .array(predictions.map(encoded))]
            try JSONEncoder().encode(record).write(to: export.appendingPathComponent("\(name).json"))
        }
    }

    /// Keras' optimizer, loss and metric objects in `compile_config` compile the same settings.
    @Test func kerasCompileObjectsCompileTheSameSettings() throws {
        let url = try Self.file("keras_compile_configs.json")
        let configurations = try JSONDecoder().decode([String: JSONValue].self, from: Data(contentsOf: url))
        func compiled(_ name: String) throws -> Model {
            let configuration = try #require(configurations[name])
            let model = try Model.makeModel(keras: configuration, seed: 0)
            try KerasFiles.compileIfConfigured(model, configuration, source: name)
            return model
        }
        func metricNames(_ model: Model) throws -> [String] { try #require(model.compiled).objectives(for: model)[0].metrics.map(\.name) }
        let sgd = try compiled("sgd_objects")
        let optimizer = try #require(sgd.optimizer as? SGD)
        #expect(abs(optimizer.learningRate - 0.05) < 1e-7 && optimizer.momentum == 0.9 && optimizer.nesterov)
        #expect(sgd.loss == .sparseCategoricalCrossentropy(fromLogits: true))
        #expect(try metricNames(sgd) == ["sparse_categorical_accuracy", "accuracy"])
        let rmsprop = try compiled("rmsprop_mse")
        #expect(rmsprop.optimizer?.name == "rmsprop")
        #expect(try metricNames(rmsprop) == ["mae"])
        let adamw = try compiled("adamw_bce")
        #expect(adamw.optimizer?.name == "adamw" && abs((adamw.optimizer?.weightDecay ?? 0) - 0.01) < 1e-7)
        #expect(adamw.loss == .binaryCrossentropy(labelSmoothing: 0.1))
        #expect(try metricNames(adamw) == ["auc", "precision"])
        // Keras 3.15's Huber.get_config leaves `delta` out, so Keras itself reloads Huber(delta=1) too.
        #expect(try compiled("adagrad_huber").loss == .huber(delta: 1))
        let nadam = try compiled("nadam_cce")
        #expect(nadam.optimizer?.name == "nadam")
        #expect(try metricNames(nadam) == ["categorical_accuracy", "top_k_categorical_accuracy"])
    }

    @Test func npzWeightsAreRefusedSayingWhy() throws {
        var zip = ZipWriter()
        let archive = try ZipArchive(contentsOf: Self.file("mlp.keras"))
        for entry in archive.entries where entry.name != "model.weights.h5" { try zip.add(entry.name, data: try archive.data(of: entry)) }
        try zip.add("model.weights.npz", data: Array("PK-not-really".utf8))
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("npz.keras")
        try Data(try zip.bytes()).write(to: url)
        #expect(throws: DendriteError(.invalidFile, "\(url.path): the weights are in model.weights.npz, which Keras 3.15 writes with pickled Python objects that Dendrite does not execute; save the model with weights_format=\"h5\" (Keras' default)")) {
            try Model.load(from: url)
        }
    }

    @Test func damagedArchivesAreRefusedWithTheReason() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.file("mlp.keras")))
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func refusal(_ damaged: [UInt8]) -> String {
            let url = directory.appendingPathComponent("damaged.keras")
            try? Data(damaged).write(to: url)
            do { _ = try Model.load(from: url); return "loaded" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
        }
        #expect(refusal(Array(bytes.prefix(100))).contains("no end of central directory record"))
        var flipped = bytes
        // A byte of the stored weights file flipped: the CRC-32 catches it.
        flipped[bytes.count / 2] ^= 0xFF
        #expect(refusal(flipped).contains("CRC-32 does not match") || refusal(flipped).contains("damaged"))
        #expect(refusal(Array("not a zip at all".utf8)).contains("this is not a zip archive"))
    }

    @Test func kerasSettingsDendriteLacksAreRefusedNamingLayerAndSetting() throws {
        var configuration = Dense(4, name: "hidden").configuration
        configuration.settings["kernel_constraint"] = ["class_name": "NonNeg", "config": [:]]
        #expect(throws: DendriteError(.invalidFile, "layer 'hidden' (Dense): setting 'kernel_constraint' is {\"class_name\":\"NonNeg\",\"config\":{}}, which Dendrite does not implement (it supports only null)")) {
            try LayerRegistry.makeLayer(configuration)
        }
        configuration = Dense(4, name: "hidden").configuration
        configuration.settings["lora_rank"] = .number(4)
        #expect(throws: DendriteError(.invalidFile, "layer 'hidden' (Dense): setting 'lora_rank' is 4, which Dendrite does not implement (it supports only null)")) {
            try LayerRegistry.makeLayer(configuration)
        }
        configuration.settings["lora_rank"] = nil
        configuration.settings["dtype"] = "float16"
        #expect(throws: DendriteError(.invalidFile, "layer 'hidden' (Dense): setting 'dtype' is \"float16\"; Dendrite computes in float32 (and accepts float64 models)")) {
            try LayerRegistry.makeLayer(configuration)
        }
        configuration.settings["dtype"] = nil
        configuration.settings["shiny"] = true
        #expect(throws: DendriteError(.invalidFile, "layer 'hidden' (Dense): setting 'shiny' is a Keras setting Dendrite's Dense does not have (value true); the layer cannot be rebuilt faithfully")) {
            try LayerRegistry.makeLayer(configuration)
        }
    }
}
