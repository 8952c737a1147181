import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Fixture cases in the format of `Scripts/fixtures/keras_layer_cases.py` (the attention, normalisation
/// and Transformer layers), and the checks every such layer gets: Keras' outputs and gradients with
/// respect to the inputs and every weight (to 1e-5 relative, 1e-6 absolute), finite differences with
/// respect to both, and a short Adam trajectory of a small model followed by a save/load round trip.
enum LayerFixtureCases {
    struct Case: Decodable {
        let name: String
        let layer: String
        let config: JSONValue
        let inputs: [KerasFixtures.Values]
        let integerInputs: Bool
        /// By Keras' path below the layer, `/` written `.` (`self_attention_layer.query.kernel`).
        let weights: [String: KerasFixtures.Values]
        let upstreams: [KerasFixtures.Values]
        let outputs: [KerasFixtures.Values]
        /// Nil for token ids, which have none.
        let inputGradients: [KerasFixtures.Values]?
        let weightGradients: [String: KerasFixtures.Values]
        enum CodingKeys: String, CodingKey {
            case name, layer, config, inputs, weights, upstreams, outputs
            case integerInputs = "integer_inputs", inputGradients = "input_gradients", weightGradients = "weight_gradients"
        }
    }

    struct File: Decodable {
        let layers: [Case]
        let models: [GraphFixtures.ModelCase]
    }

    static func load<Contents: Decodable>(_ resource: String, as type: Contents.Type = File.self) -> Contents? {
        guard let url = Bundle.module.url(forResource: resource, withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Contents.self, from: data)
    }

    /// The weight of `parameter` in a case, by its name below `layer`.
    static func localName(_ parameter: Parameter, in layer: any GraphLayer) -> String {
        String(parameter.name.dropFirst(layer.name.count + 1))
    }

    /// `layer`, named `layer`, built for the case's inputs with Keras' weights.
    static func prepared(_ layer: any GraphLayer, _ fixture: Case) throws -> any GraphLayer {
        layer.name = "layer"
        var generator = RandomGenerator(seed: 0)
        try layer.build(inputShapes: fixture.inputs.map { Array($0.shape.dropFirst()) }, generator: &generator)
        #expect(Set(layer.parameters.map { localName($0, in: layer) }) == Set(fixture.weights.keys), "\(fixture.name): weight names")
        for parameter in layer.parameters {
            parameter.value = try #require(fixture.weights[localName(parameter, in: layer)], "\(parameter.name)").tensor
        }
        return layer
    }

    /// Outputs (and their shapes from `outputShapes(for:)`) and gradients as Keras computes them.
    static func expectMatchesKeras(_ unbuilt: any GraphLayer, _ fixture: Case) throws {
        let layer = try prepared(unbuilt, fixture)
        let leaves = fixture.inputs.map { values -> Tensor in
            var leaf = values.tensor
            leaf.requiresGradient = !fixture.integerInputs
            return leaf
        }
        #expect(try layer.outputShapes(for: leaves.map { Array($0.shape.dropFirst()) }) == fixture.outputs.map { Array($0.shape.dropFirst()) })
        let outputs = GradientMode.enabled { layer.call(leaves, training: true) }
        #expect(outputs.count == fixture.outputs.count, "\(fixture.name): output count")
        for (index, (output, expected)) in zip(outputs, fixture.outputs).enumerated() {
            expectClose(output, expected.tensor, "\(fixture.name) output \(index)")
        }
        let total = zip(outputs, fixture.upstreams).map { ($0 * $1.tensor).sum() }.reduce(Tensor.zeros([]), +)
        if total.requiresGradient { total.backward() }
        for (index, (leaf, expected)) in zip(leaves, fixture.inputGradients ?? []).enumerated() {
            expectClose(leaf.gradient ?? Tensor.zeros(leaf.shape), expected.tensor, "\(fixture.name) input \(index) gradient")
        }
        for parameter in layer.parameters {
            let expected = try #require(fixture.weightGradients[localName(parameter, in: layer)])
            expectClose(parameter.gradient ?? Tensor.zeros(parameter.value.shape), expected.tensor,
                        "\(fixture.name) \(parameter.name) gradient")
        }
    }

    /// Finite differences of every output with respect to the (non-integer) inputs and every weight.
    static func expectGradientsMatchFiniteDifferences(_ unbuilt: any GraphLayer, _ fixture: Case) throws {
        let layer = try prepared(unbuilt, fixture)
        let inputs = fixture.inputs.map(\.tensor)
        let variableInputs = fixture.integerInputs ? [] : inputs
        let parameters = layer.parameters
        let saved = parameters.map(\.value)
        defer { for (parameter, value) in zip(parameters, saved) { parameter.value = value } }
        func outputs(_ values: [Tensor]) -> Tensor {
            for (parameter, value) in zip(parameters, values.dropFirst(variableInputs.count)) { parameter.value = value }
            let outputs = layer.call(fixture.integerInputs ? inputs : Array(values.prefix(inputs.count)), training: true)
            return Tensor.concatenate(outputs.map { $0.reshaped([-1]) })
        }
        let leaves = (variableInputs + saved).map { value -> Tensor in
            var leaf = value.detached()
            leaf.requiresGradient = true
            return leaf
        }
        guard GradientMode.enabled({ outputs(leaves) }).requiresGradient else {
            // Nothing reaches the output (a sine encoding reads only the input's shape): no difference either.
            let moved = (variableInputs + saved).map { $0 + 0.5 }
            #expect(GradientMode.disabled { outputs(moved) }.scalars == GradientMode.disabled { outputs(variableInputs + saved) }.scalars)
            return
        }
        DendriteTestSupport.expectGradientsMatchFiniteDifferences(variableInputs + saved, outputs)
    }

    /// Keras' `get_config()` holds every setting Dendrite writes under the same name, but for Keras'
    /// call arguments, which are settings here; and the configuration rebuilds the same layer.
    static func expectConfigurationMatchesKeras(_ layer: any GraphLayer, _ fixture: Case) throws {
        let callArguments: Set = ["use_causal_mask", "use_attention_mask", "return_attention_scores", "input_shape"]
        guard case .object(let keras) = fixture.config else { Issue.record("\(fixture.name): config is not an object"); return }
        let written = Set(layer.configuration.settings.keys).subtracting(callArguments)
        #expect(written.isSubset(of: Set(keras.keys)), "\(fixture.name): \(written.sorted()) vs Keras' \(keras.keys.sorted())")
        #expect(layer.typeName == fixture.layer)
        let rebuilt = try LayerRegistry.makeLayer(layer.configuration)
        #expect(rebuilt.configuration == layer.configuration, "\(fixture.name): configuration round trip")
    }

    /// Trains `model` from the fixture's initial weights with Adam on mean squared error as Keras did:
    /// the same losses, final weights and predictions; then a saved and loaded copy predicts bit for bit
    /// the same. The key biases of attention are compared to 1e-3 absolute, a tenth of one Adam step: their
    /// gradient is zero in exact arithmetic (q·b shifts a whole row of scores), so Adam, which scales its
    /// steps to the gradient's size, moves them by rounding noise, differently in Keras and here.
    static func expectTrainsLikeKeras(_ model: Model, _ fixture: GraphFixtures.ModelCase) throws {
        let initial = GraphFixtures.weights(fixture.initialWeights, model: model.name)
        #expect(Set(initial.keys) == Set(model.parameters.map(\.name)), "\(fixture.name): weight names")
        try model.setWeights(model.parameters.map { try #require(initial[$0.name], "\($0.name)") })
        model.compile(optimizer: GraphFixtures.optimizer(fixture.optimizer), loss: .meanSquaredError)
        let x = fixture.x.map(\.tensor)
        let history = try model.fit(x, fixture.y.map(\.tensor), epochs: fixture.epochs, batchSize: fixture.batchSize,
                                    shuffle: false, verbose: 0)
        expectClose(Tensor(try #require(history["loss"])), Tensor(try #require(fixture.history["loss"])), "\(fixture.name) loss per epoch")
        let final = GraphFixtures.weights(fixture.finalWeights, model: model.name)
        for parameter in model.parameters {
            let expected = try #require(final[parameter.name])
            if parameter.name.hasSuffix("key.bias") {
                expectClose(parameter.value, expected, relative: 0, absolute: 1e-3, "\(fixture.name) final \(parameter.name)")
            } else {
                expectClose(parameter.value, expected, "\(fixture.name) final \(parameter.name)")
            }
        }
        let predictions = try model.predict(x)
        expectClose(predictions[0], fixture.predictions[0].tensor, "\(fixture.name) predictions")

        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let loaded = try Model.load(from: directory)
        #expect(loaded.configuration == model.configuration)
        #expect(SavingSupport.bits(try loaded.predict(x)) == SavingSupport.bits(predictions))
    }
}
