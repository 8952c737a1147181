import Foundation
import Testing
@testable import Dendrite

/// Graph models survive `save(to:)` and `Model.load(from:)`: every layer kind of the zoo, after a
/// training step, predicts bit-identically after loading, and training continues identically.
@Suite struct GraphSavingTests {
    @Test(arguments: ModelZoo.entries.map(\.name))
    func everyLayerKindRoundTrips(_ name: String) throws {
        let entry = try #require(ModelZoo.entries.first { $0.name == name })
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try entry.make()
        ModelZoo.compile(model, entry)
        try model.trainOnBatch(entry.inputs, entry.targets)
        try model.save(to: directory)

        let loaded = try Model.load(from: directory)
        // States carried by stateful layers are not saved (as in Keras): both start afresh.
        model.resetStates()
        #expect(loaded.typeName == "Functional" && loaded.name == model.name)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        let before = try model.predict(entry.inputs)
        let after = try loaded.predict(entry.inputs)
        #expect(after.map { SavingSupport.bits([$0]) } == before.map { SavingSupport.bits([$0]) })

        // The compile settings per output, optimizer state and generators came along: a second step stays identical.
        let originalLoss = try model.trainOnBatch(entry.inputs, entry.targets)
        let loadedLoss = try loaded.trainOnBatch(entry.inputs, entry.targets)
        #expect(originalLoss.bitPattern == loadedLoss.bitPattern)
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
    }

    @Test func sequentialLoadsAsSequentialAndFunctionalIsRefusedAsSequential() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = try #require(ModelZoo.entries.first { $0.name == "sequential_in_functional" })
        let model = try entry.make()
        try model.save(to: directory)
        let error = try #require(throws: DendriteError.self) { try Sequential.load(from: directory) }
        #expect(error.message.hasSuffix("config.json: holds a Functional model, not a Sequential one; load it with Model.load(from:)"))
        let sequential = try SavingSupport.model()
        try sequential.build(inputShape: [3])
        try sequential.save(to: directory)
        #expect(try Model.load(from: directory) is Sequential)
    }

    /// A functional configuration whose nodes name a layer that is not there is refused, naming it.
    @Test func aNodeNamingAMissingLayerIsRefused() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try GraphZoo.model("residual_mlp").save(to: directory)
        let file = directory.appendingPathComponent("config.json")
        guard case .object(var top) = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: file)),
              case .object(var model)? = top["model"], case .object(var config)? = model["config"],
              case .array(let layers)? = config["layers"] else {
            Issue.record("unexpected config.json")
            return
        }
        config["layers"] = .array(layers.filter { if case .object(let entry) = $0 { return entry["name"] != "skip" }; return true })
        model["config"] = .object(config)
        top["model"] = .object(model)
        try JSONEncoder().encode(JSONValue.object(top)).write(to: file)
        let error = try #require(throws: DendriteError.self) { try Model.load(from: directory) }
        #expect(error.message == "\(file.path): layer 'residual' (Functional): setting 'layers' a tensor reference names the unknown layer 'skip'")
    }

    @Test func subclassedModelsRoundTripOnceRegistered() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = ResidualRegressor()
        model.compile(optimizer: SGD(learningRate: 0.05), loss: .meanSquaredError)
        let x = ModelZoo.uniform([5, 3], seed: 11), y = ModelZoo.uniform([5, 1], seed: 12)
        try model.fit(x, y, epochs: 2, verbose: 0)
        try model.save(to: directory)
        LayerRegistry.register(ResidualRegressor.self, as: "ResidualRegressor")
        let loaded = try Model.load(from: directory)
        #expect(loaded is ResidualRegressor && loaded.inputShapes == [[3]])
        #expect(SavingSupport.bits([try loaded.predict(x)]) == SavingSupport.bits([try model.predict(x)]))
    }

    /// A directory written by Dendrite before graph models (format 1: a list of layers) still loads.
    @Test func formatOneDirectoriesStillLoad() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = """
        {"format_version": 1, "name": "sequential", "seed": 7, "input_shape": [2],
         "layers": [{"type": "Dense", "name": "dense", "trainable": false,
                     "settings": {"units": 3, "activation": "relu", "use_bias": true, "kernel_initializer": "glorot_uniform",
                                  "bias_initializer": "zeros", "kernel_regularizer": null, "bias_regularizer": null,
                                  "input_shape": null}},
                    {"type": "Dense", "name": "dense_1", "trainable": true,
                     "settings": {"units": 1, "activation": "sigmoid", "use_bias": true, "kernel_initializer": "glorot_uniform",
                                  "bias_initializer": "zeros", "kernel_regularizer": null, "bias_regularizer": null,
                                  "input_shape": null}}],
         "compile": null, "preprocessing": null, "class_names": null, "random_state": null, "completed_epochs": null}
        """
        try Data(config.utf8).write(to: directory.appendingPathComponent("config.json"))
        let kernel = Tensor([[0.5, -1], [1, 2], [-0.5, 0.25]]).transposed()
        let weights: [(String, Tensor)] = [("dense.kernel", kernel), ("dense.bias", Tensor([0.1, 0, -0.1])),
                                           ("dense_1.kernel", Tensor([[1], [-1], [0.5]])), ("dense_1.bias", Tensor([0.2]))]
        try SafeTensors(weights).data().write(to: directory.appendingPathComponent("model.safetensors"))

        let model = try Sequential.load(from: directory)
        #expect(model.layers.map(\.name) == ["dense", "dense_1"] && !model.layers[0].trainable && model.layers[1].trainable)
        let x = Tensor([[1, 2]])
        // relu([1, 2]·kernel + bias) = relu([-1.4, 5, -0.1]) = [0, 5, 0]; sigmoid(−5 + 0.2).
        let expected = 1 / (1 + Foundation.exp(Float(4.8)))
        #expect(Swift.abs(try model.predict(x).scalars[0] - expected) < 1e-6)
    }
}
