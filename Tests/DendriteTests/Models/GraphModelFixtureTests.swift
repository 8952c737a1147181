import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_graph.json`: from Keras' initial weights, each functional model trained
/// by `fit` must give Keras' per-epoch history, final weights and predictions to 1e-5 relative
/// (1e-6 absolute near zero); each merging layer Keras' values and input gradients.
@Suite struct GraphModelFixtureTests {
    @Test func fixtureFileLoads() throws {
        let file = try #require(GraphFixtures.file, "Fixtures/keras_graph.json is missing or malformed")
        #expect(file.models.count == 7 && file.mergeLayers.count == 12)
    }

    @Test(arguments: GraphFixtures.file?.models.map(\.name) ?? [])
    func trainingMatchesKeras(_ name: String) throws {
        let fixture = try #require(GraphFixtures.file?.models.first { $0.name == name })
        let model = try GraphZoo.model(name)
        try model.build(inputShapes: fixture.x.map { Array($0.shape.dropFirst()) })
        let initial = GraphFixtures.weights(fixture.initialWeights, model: model.name)
        #expect(Set(initial.keys) == Set(model.parameters.map(\.name)), "\(name): weight names")
        try model.setWeights(model.parameters.map { try #require(initial[$0.name], "\($0.name)") })
        GraphZoo.compile(model, name, optimizer: GraphFixtures.optimizer(fixture.optimizer))

        let history = try model.fit(fixture.x.map(\.tensor), fixture.y.map(\.tensor), epochs: fixture.epochs,
                                    batchSize: fixture.batchSize, shuffle: false, verbose: 0)

        for (key, expected) in fixture.history {
            let actual = try #require(history[key], "\(name): history has no '\(key)' (has \(history.values.keys.sorted()))")
            expectClose(Tensor(actual), Tensor(expected), "\(name) \(key)")
        }
        let final = GraphFixtures.weights(fixture.finalWeights, model: model.name)
        for parameter in model.parameters {
            expectClose(parameter.value, try #require(final[parameter.name]), "\(name) final \(parameter.name)")
        }
        let predictions = try model.predict(fixture.x.map(\.tensor))
        for (actual, expected) in zip(predictions, fixture.predictions) {
            expectClose(actual, expected.tensor, "\(name) predictions")
        }
    }

    static func mergeLayer(_ fixture: GraphFixtures.MergeCase) throws -> any GraphLayer {
        let configuration = LayerConfiguration(type: fixture.layer, name: "merge", settings: fixture.settings)
        return try LayerRegistry.makeLayer(configuration)
    }

    @Test(arguments: (GraphFixtures.file?.mergeLayers ?? []).indices)
    func mergeLayerMatchesKeras(_ index: Int) throws {
        let fixture = try #require(GraphFixtures.file?.mergeLayers[index])
        let layer = try Self.mergeLayer(fixture)
        let label = "\(fixture.layer) \(JSONValue.object(fixture.settings).jsonText)"
        let shapes = try layer.outputShapes(for: fixture.inputs.map { Array($0.shape.dropFirst()) })
        #expect(shapes == [Array(fixture.output.shape.dropFirst())], "\(label): output shape")
        let inputs = fixture.inputs.map { values -> Tensor in
            var leaf = values.tensor
            leaf.requiresGradient = true
            return leaf
        }
        let output = GradientMode.enabled { layer.call(inputs, training: false)[0] }
        expectClose(output, fixture.output.tensor, "\(label) output")
        output.backward(gradient: fixture.upstream.tensor)
        for (input, expected) in zip(inputs, fixture.gradients) {
            expectClose(try #require(input.gradient), expected.tensor, "\(label) gradient")
        }
    }

    @Test(arguments: (GraphFixtures.file?.mergeLayers ?? []).indices)
    func mergeLayerGradientsMatchFiniteDifferences(_ index: Int) throws {
        let fixture = try #require(GraphFixtures.file?.mergeLayers[index])
        let layer = try Self.mergeLayer(fixture)
        // Maximum and Minimum have kinks where inputs tie; random normal inputs stay away from them.
        expectGradientsMatchFiniteDifferences(fixture.inputs.map(\.tensor)) { layer.call($0, training: false)[0] }
    }
}
