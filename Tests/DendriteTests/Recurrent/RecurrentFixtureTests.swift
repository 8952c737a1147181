import DendriteTestSupport
import Testing
@testable import Dendrite

/// The cases of `Fixtures/rnn_layers.json`, written by `Scripts/fixtures/make_rnn_fixtures.py`.
enum RecurrentFixtures {
    struct File: Decodable, Sendable {
        let cases: [Case]
        let parameterCounts: [ParameterCount]
    }

    struct ParameterCount: Decodable, Sendable {
        let name: String
        let count: Int
    }

    struct Case: Decodable, Sendable {
        typealias Values = KerasFixtures.Values
        let name: String
        let layer: String
        let units: Int
        let returnSequences: Bool
        let returnState: Bool
        let goBackwards: Bool
        let resetAfter: Bool?
        let inner: String?
        let mergeMode: String?
        let inputDim: Int?
        let outputDim: Int?
        let input: Values
        let initialState: [Values]?
        let weights: [Values]
        let output: Values
        let states: [Values]
        let upstream: Values
        let stateUpstreams: [Values]
        let inputGradient: Values?
        let initialStateGradients: [Values]
        let weightGradients: [Values]
    }

    static let file: File? = try? KerasFixtures.load("rnn_layers", as: File.self)
    static var cases: [Case] { file?.cases ?? [] }

    /// The Dendrite layer a fixture case describes, unbuilt.
    static func recurrentLayer(_ kind: String, _ fixture: Case) throws -> any RecurrentLayer {
        let (units, sequences, state, backwards) = (fixture.units, fixture.returnSequences, fixture.returnState,
                                                    fixture.goBackwards)
        switch kind {
        case "simple_rnn":
            return SimpleRNN(units, returnSequences: sequences, returnState: state, goBackwards: backwards)
        case "lstm": return LSTM(units, returnSequences: sequences, returnState: state, goBackwards: backwards)
        case "gru":
            return GRU(units, returnSequences: sequences, returnState: state, goBackwards: backwards,
                       resetAfter: fixture.resetAfter ?? true)
        default: throw KerasFixtureError.unknown("layer", kind)
        }
    }
}

/// Forward values and gradients of every recurrent layer against Keras 3 (torch backend), from the
/// same weights: the output, the final states, and the gradients with respect to the input, the
/// initial states and every weight must agree to 1e-4 relative (1e-5 absolute near zero).
@Suite struct RecurrentFixtureTests {
    @Test(arguments: RecurrentFixtures.cases.map(\.name))
    func layerMatchesKeras(_ name: String) throws {
        let fixture = try #require(RecurrentFixtures.cases.first { $0.name == name })
        var generator = RandomGenerator(seed: 0)
        let input = fixture.input.tensor
        let sample = Array(input.shape.dropFirst())
        let layer: any Layer
        switch fixture.layer {
        case "embedding":
            layer = Embedding(try #require(fixture.inputDim), try #require(fixture.outputDim), name: "embedding")
        case "bidirectional":
            let mode = try #require(Bidirectional.MergeMode(rawValue: fixture.mergeMode ?? ""))
            layer = Bidirectional(try RecurrentFixtures.recurrentLayer(try #require(fixture.inner), fixture),
                                  mergeMode: mode, name: "bidirectional")
        default:
            layer = try RecurrentFixtures.recurrentLayer(fixture.layer, fixture)
            layer.name = fixture.layer
        }
        try layer.build(inputShape: sample, generator: &generator)
        try #require(layer.parameters.map(\.value.shape) == fixture.weights.map(\.shape))
        for (parameter, weight) in zip(layer.parameters, fixture.weights) { parameter.value = weight.tensor }

        var leafInput = input
        leafInput.requiresGradient = fixture.inputGradient != nil
        let initialState = fixture.initialState?.map { values -> Tensor in
            var state = values.tensor
            state.requiresGradient = true
            return state
        }
        let result: RecurrentOutput = switch layer {
        case let recurrent as any RecurrentLayer:
            try recurrent.callWithState(leafInput, initialState: initialState)
        case let bidirectional as Bidirectional:
            try bidirectional.callWithState(leafInput, initialState: initialState)
        default:
            RecurrentOutput(output: layer(leafInput, training: false), states: [])
        }
        let states = fixture.returnState ? result.states : []
        try #require(states.count == fixture.states.count)

        var worst = expectClose(result.output, fixture.output.tensor, relative: 1e-4, absolute: 1e-5, "\(name) output")
        for (index, (state, expected)) in zip(states, fixture.states).enumerated() {
            worst = max(worst, expectClose(state, expected.tensor, relative: 1e-4, absolute: 1e-5, "\(name) state \(index)"))
        }
        let objective = zip(states, fixture.stateUpstreams).reduce((result.output * fixture.upstream.tensor).sum()) {
            $0 + ($1.0 * $1.1.tensor).sum()
        }
        objective.backward()

        if let expected = fixture.inputGradient {
            let gradient = try #require(leafInput.gradient)
            worst = max(worst, expectClose(gradient, expected.tensor, relative: 1e-4, absolute: 1e-5, "\(name) ∂input"))
        }
        for (index, expected) in fixture.initialStateGradients.enumerated() {
            let gradient = try #require(initialState?[index].gradient)
            worst = max(worst, expectClose(gradient, expected.tensor, relative: 1e-4, absolute: 1e-5,
                                           "\(name) ∂initial state \(index)"))
        }
        for (parameter, expected) in zip(layer.parameters, fixture.weightGradients) {
            let gradient = try #require(parameter.gradient, "\(parameter.name) got no gradient")
            worst = max(worst, expectClose(gradient, expected.tensor, relative: 1e-4, absolute: 1e-5,
                                           "\(name) ∂\(parameter.name)"))
        }
        print("rnn fixture \(name): largest relative deviation \(worst)")
    }

    @Test func fixtureFileLoadsAndCoversEveryLayer() throws {
        let file = try KerasFixtures.load("rnn_layers", as: RecurrentFixtures.File.self)
        #expect(Set(file.cases.map(\.layer)) == ["simple_rnn", "lstm", "gru", "bidirectional", "embedding"])
        #expect(Set(file.cases.compactMap(\.mergeMode)) == ["concat", "sum", "mul", "ave"])
        for kind in ["simple_rnn", "lstm", "gru"] {
            let of = file.cases.filter { $0.layer == kind }
            #expect(of.contains { $0.returnSequences } && of.contains { !$0.returnSequences }, "\(kind)")
            #expect(of.contains { $0.returnState } && of.contains { $0.goBackwards }, "\(kind)")
            #expect(of.contains { $0.initialState != nil }, "\(kind)")
        }
        #expect(file.cases.contains { $0.resetAfter == false })
    }
}
