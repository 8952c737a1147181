import DendriteTestSupport
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_functions.json`: every activation and every loss must give Keras'
/// value (torch backend, float32) and the gradient torch's autograd gives through it.
@Suite struct ActivationLossFixtureTests {
    @Test(arguments: KerasFixtures.functions?.activations.map(\.name) ?? [])
    func activationMatchesKeras(_ name: String) throws {
        let fixture = try #require(KerasFixtures.functions?.activations.first { $0.name == name })
        var x = fixture.input.tensor
        x.requiresGradient = true
        let output = try KerasFixtures.activation(named: name)(x)
        expectClose(output, fixture.output.tensor, "\(name) value")
        output.backward(gradient: fixture.upstream.tensor)
        expectClose(try #require(x.gradient), fixture.gradient.tensor, "\(name) input gradient")
    }

    @Test(arguments: KerasFixtures.functions?.losses.map(\.name) ?? [])
    func lossMatchesKeras(_ name: String) throws {
        let fixture = try #require(KerasFixtures.functions?.losses.first { $0.name == name })
        var predictions = fixture.predictions.tensor
        predictions.requiresGradient = true
        let value = try fixture.loss.loss(predictions, fixture.targets.tensor)
        expectClose(value, Tensor(fixture.value), "\(name) value")
        value.backward()
        expectClose(try #require(predictions.gradient), fixture.gradient.tensor, "\(name) gradient")
    }

    @Test func fixtureFileLoadsAndCoversEveryActivationAndLoss() throws {
        let functions = try KerasFixtures.load("keras_functions", as: KerasFixtures.Functions.self)
        let activations = Set(try functions.activations.map { try KerasFixtures.activation(named: $0.name) })
        let everyActivation: Set<Activation> = [.linear, .sigmoid, .tanh, .relu, .leakyRelu, .softmax, .elu, .selu,
                                                .gelu(approximate: false), .gelu(approximate: true), .swish, .softplus,
                                                .hardSigmoid]
        // `step` has no Keras counterpart; its own tests pin it down.
        #expect(activations == everyActivation)
        let losses = Set(try functions.losses.map { try $0.loss.loss })
        #expect(losses.count == 10, "MSE, MAE, Huber δ = 1 and 0.5, and the three cross-entropies with and without logits")
    }
}
