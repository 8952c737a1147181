import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_losses.json` (Scripts/fixtures/make_loss_metric_fixtures.py): every loss
/// added with the open family, built by ``LossRegistry`` from Keras' own config keys, gives Keras'
/// value and the gradient torch's autograd gives, to 1e-5 relative.
@Suite struct LossFixtureTests {
    struct Case: Decodable, Sendable {
        let name: String
        let loss: JSONValue
        let predictions: KerasFixtures.Values
        let targets: KerasFixtures.Values
        let value: Float
        let gradient: KerasFixtures.Values
    }

    struct File: Decodable, Sendable {
        let losses: [Case]
    }

    static let cases: [Case] = (try? KerasFixtures.load("keras_losses", as: File.self).losses) ?? []

    @Test(arguments: cases.map(\.name)) func lossMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let loss = try LossRegistry.loss(from: fixture.loss)
        var predictions = fixture.predictions.tensor
        predictions.requiresGradient = true
        let value = loss(predictions, fixture.targets.tensor)
        expectClose(value, Tensor(fixture.value), "\(name) value")
        value.backward()
        expectClose(try #require(predictions.gradient), fixture.gradient.tensor, "\(name) gradient")
    }

    @Test func fixtureFileCoversEveryNewLossAndLabelSmoothing() throws {
        let file = try KerasFixtures.load("keras_losses", as: File.self)
        let losses = try file.losses.map { try LossRegistry.loss(from: $0.loss) }
        #expect(Set(losses.map(\.name)) == ["binary_crossentropy", "categorical_crossentropy", "binary_focal_crossentropy",
                                            "kl_divergence", "hinge", "squared_hinge", "categorical_hinge",
                                            "cosine_similarity", "log_cosh", "poisson"])
        #expect(file.losses.count == 15)
    }
}
