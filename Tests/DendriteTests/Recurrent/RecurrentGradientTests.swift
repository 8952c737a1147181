import Testing
@testable import Dendrite

/// Backpropagation through time checked against finite differences on tiny shapes (batch 2, 3 time
/// steps, 2 features, 2 units), for the input, the initial states and every weight.
@Suite struct RecurrentGradientTests {
    let input = Tensor.randomNormal([2, 3, 2], seed: 21)

    /// Builds `layer` for the input with biases made non-zero, so every term of the gradient shows.
    func built<L: Layer>(_ layer: L) throws -> L {
        var generator = RandomGenerator(seed: 4)
        try layer.build(inputShape: [3, 2], generator: &generator)
        for parameter in layer.parameters where parameter.name.hasSuffix("bias") {
            parameter.value = Tensor.randomNormal(parameter.value.shape, standardDeviation: 0.5, seed: 8)
        }
        return layer
    }

    @Test(arguments: ["simple_rnn", "lstm", "gru", "gru_reset_before"])
    func recurrentLayerGradientsMatchFiniteDifferences(_ kind: String) throws {
        let layer: any RecurrentLayer = switch kind {
        case "simple_rnn": try built(SimpleRNN(2, returnSequences: true))
        case "lstm": try built(LSTM(2, returnSequences: true))
        case "gru": try built(GRU(2, returnSequences: true))
        default: try built(GRU(2, returnSequences: true, resetAfter: false))
        }
        let states = (0..<layer.stateCount).map { Tensor.randomNormal([2, 2], standardDeviation: 0.5, seed: 30 + UInt64($0)) }
        expectFiniteDifferenceGradients(inputs: [input] + states, parameters: layer.parameters) { values in
            let result = layer.unroll(values[0], initialState: Array(values.dropFirst()))
            return Tensor.concatenate([result.output.reshaped([2, -1])] + result.states, alongAxis: 1)
        }
    }

    @Test func bidirectionalGradientsMatchFiniteDifferences() throws {
        let layer = try built(Bidirectional(LSTM(2, returnSequences: true), name: "bidirectional"))
        expectFiniteDifferenceGradients(inputs: [input], parameters: layer.parameters) { values in
            layer(values[0], training: true)
        }
    }

    @Test func embeddingAndTimeDistributedGradientsMatchFiniteDifferences() throws {
        var generator = RandomGenerator(seed: 2)
        let embedding = Embedding(5, 2, name: "embedding")
        try embedding.build(inputShape: [4], generator: &generator)
        let ids = Tensor([[0, 3, 3, 1], [4, 0, 2, 3]])
        let dense = TimeDistributed(Dense(3, activation: .tanh), name: "time_distributed")
        try dense.build(inputShape: [4, 2], generator: &generator)
        expectFiniteDifferenceGradients(inputs: [], parameters: embedding.parameters + dense.parameters) { _ in
            dense(embedding(ids, training: true), training: true)
        }
    }
}
