import DendriteTestSupport
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_training.json`: from Keras' initial weights and data, three epochs of
/// `fit` (batch size 4, no shuffling) with each optimizer and loss must give Keras' per-epoch
/// losses, final weights and predictions to 1e-5 relative (1e-6 absolute near zero).
@Suite struct KerasTrainingEquivalenceTests {
    @Test(arguments: KerasFixtures.training.map(\.name))
    func trainingMatchesKeras(_ name: String) throws {
        let fixture = try #require(KerasFixtures.training.first { $0.name == name })
        let regularizer = fixture.kernelL2.map { Regularizer.l2($0) }
        let hidden = try KerasFixtures.activation(named: fixture.hiddenActivation)
        let output = try KerasFixtures.activation(named: fixture.outputActivation)
        let model = Sequential {
            Dense(fixture.units[0], activation: hidden, kernelRegularizer: regularizer)
            Dense(fixture.units[1], activation: output, kernelRegularizer: regularizer)
        }
        try model.build(inputShape: Array(fixture.x.shape.dropFirst()))
        model.weights = fixture.initialWeights.map(\.tensor)
        model.compile(optimizer: try Self.optimizer(fixture.optimizer), loss: try fixture.loss.loss)

        let history = try model.fit(fixture.x.tensor, fixture.y.tensor, epochs: 3, batchSize: 4, shuffle: false,
                                    verbose: 0)

        let losses = try #require(history["loss"])
        expectClose(Tensor(losses), Tensor(fixture.losses), "\(name) per-epoch loss")
        for (index, (weight, expected)) in zip(model.weights, fixture.finalWeights).enumerated() {
            expectClose(weight, expected.tensor, "\(name) final weight \(index) (\(model.parameters[index].name))")
        }
        expectClose(try model.predict(fixture.x.tensor), fixture.predictions.tensor, absolute: 1e-6,
                    "\(name) predictions")
    }

    @Test func fixtureFileLoadsAndCoversEveryOptimizerAndLoss() throws {
        let cases = try KerasFixtures.load("keras_training", as: KerasFixtures.Training.self).cases
        #expect(cases.count >= 25, "only \(cases.count) training cases")
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
        let optimizers = Set(cases.map { try? Self.optimizer($0.optimizer).name })
        #expect(optimizers == ["sgd", "rmsprop", "adam", "adamw", "adagrad"])
        #expect(cases.contains { $0.optimizer.nesterov == true } && cases.contains { $0.optimizer.momentum ?? 0 > 0 })
        #expect(Set(cases.map { try? $0.loss.loss }).count == 9, "every loss, with and without logits")
        #expect(cases.contains { $0.kernelL2 != nil } && cases.contains { $0.optimizer.clipnorm != nil })
    }

    /// Keras' optimizer as the fixture describes it, with Keras' defaults for everything unnamed.
    static func optimizer(_ settings: KerasFixtures.TrainingCase.OptimizerSettings) throws -> any Optimizer {
        let rate = settings.learningRate
        let optimizer: any Optimizer = switch settings.name {
        case "sgd": SGD(learningRate: rate, momentum: settings.momentum ?? 0, nesterov: settings.nesterov ?? false)
        case "rmsprop": RMSprop(learningRate: rate)
        case "adam": Adam(learningRate: rate)
        case "adamw": AdamW(learningRate: rate, weightDecay: settings.weightDecay ?? 0.004)
        case "adagrad": AdaGrad(learningRate: rate)
        default: throw KerasFixtureError.unknown("optimizer", settings.name)
        }
        return settings.clipnorm.map { optimizer.clipped(norm: $0) } ?? optimizer
    }
}
