import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_activations.json` (Scripts/fixtures/make_activation_fixtures.py): Keras 3's
/// extra activations and non-default settings, each rebuilt from its configuration through
/// ``ActivationRegistry``, must give Keras' value and torch's input gradient.
@Suite struct ActivationFixtureTests {
    struct Case: Decodable, Sendable {
        let name: String
        let activation: JSONValue
        let input: KerasFixtures.Values
        let upstream: KerasFixtures.Values
        let output: KerasFixtures.Values
        let gradient: KerasFixtures.Values
    }

    struct File: Decodable, Sendable {
        let activations: [Case]
    }

    static let cases: [Case] = (try? KerasFixtures.load("keras_activations", as: File.self).activations) ?? []

    @Test(arguments: cases.map(\.name))
    func activationMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let activation = try Activation(configuration: fixture.activation) { DendriteError(.invalidFile, $0) }
        var x = fixture.input.tensor
        x.requiresGradient = true
        let output = activation(x)
        expectClose(output, fixture.output.tensor, "\(name) value")
        output.backward(gradient: fixture.upstream.tensor)
        expectClose(try #require(x.gradient), fixture.gradient.tensor, "\(name) input gradient")
    }

    @Test func everyBuiltInActivationHasAKerasFixture() throws {
        let extra = try KerasFixtures.load("keras_activations", as: File.self).activations
        let functions = try KerasFixtures.load("keras_functions", as: KerasFixtures.Functions.self).activations
        let covered = Set(try functions.map { try KerasFixtures.activation(named: $0.name).name })
            .union(try extra.map { try Activation(configuration: $0.activation) { DendriteError(.invalidFile, $0) }.name })
        // Other tests register activations of their own; the built-ins are the ones in `Activations`.
        let builtIn = Set(ActivationRegistry.names.compactMap { Activation(named: $0) }
            .filter { String(reflecting: type(of: $0.function)).hasPrefix("Dendrite.Activations.") }.map(\.name))
        // `step` has no Keras counterpart; its own tests pin it down.
        #expect(builtIn.subtracting(covered) == ["step"])
    }
}
