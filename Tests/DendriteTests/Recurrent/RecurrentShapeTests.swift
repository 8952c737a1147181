import DendriteTestSupport
import Testing
@testable import Dendrite

/// Output shapes, Keras' parameter counts and names in `summary()`, states, and clear errors for
/// inputs a recurrent layer cannot take.
@Suite struct RecurrentShapeTests {
    func expectRefused(_ expected: [String], sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error mentioning \(expected)", sourceLocation: sourceLocation)
        } catch let error as DendriteError {
            for part in expected {
                #expect(error.message.contains(part), "message: \(error.message)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func parameterCountsAreKeras() throws {
        let counts = try #require(RecurrentFixtures.file?.parameterCounts)
        let layers: [String: any Layer] = [
            "SimpleRNN(32)": SimpleRNN(32), "LSTM(32)": LSTM(32), "GRU(32)": GRU(32),
            "GRU(32, reset_after=False)": GRU(32, resetAfter: false), "Bidirectional(LSTM(32))": Bidirectional(LSTM(32)),
            "TimeDistributed(Dense(5))": TimeDistributed(Dense(5)), "Embedding(100, 8)": Embedding(100, 8),
        ]
        for expected in counts {
            let layer = try #require(layers[expected.name], "no layer for \(expected.name)")
            let model = Sequential([layer])
            try model.build(inputShape: expected.name.hasPrefix("Embedding") ? [12] : [12, 10])
            #expect(layer.parameterCount == expected.count, "\(expected.name)")
        }
        #expect(counts.first { $0.name == "LSTM(32)" }?.count == 5504)   // 4·(32·(10 + 32) + 32)
        #expect(counts.first { $0.name == "GRU(32)" }?.count == 4224)    // 3·32·(10 + 32 + 2)
    }

    @Test func summaryShowsKerasNamesShapesAndCounts() throws {
        let valid = Sequential {
            Embedding(100, 10, inputShape: [12])
            Bidirectional(LSTM(8, returnSequences: true))
            GRU(16, returnSequences: true)
            TimeDistributed(Dense(4))
            SimpleRNN(6)
        }
        let text = valid.summaryText()
        for row in ["embedding (Embedding)", "(None, 12, 10)", "1,000",
                    "bidirectional (Bidirectional)", "(None, 12, 16)", "1,216",
                    "gru (GRU)", "(None, 12, 16)", "1,632",
                    "time_distributed (TimeDistribut", "(None, 12, 4)", "68",
                    "simple_rnn (SimpleRNN)", "(None, 6)", "66"] {
            #expect(text.contains(row), "summary lacks \(row)")
        }
        #expect(valid.parameters.map(\.name).contains("bidirectional.backward_lstm.recurrent_kernel"))
        #expect(valid.parameters.map(\.name).contains("time_distributed.dense.kernel"))
        #expect(try valid.predict(Tensor.zeros([3, 12])).shape == [3, 6])
    }

    @Test func badShapesAreRefusedNamingTheLayer() throws {
        expectRefused(["lstm", "LSTM", "[timesteps, features]", "[12]"]) {
            try Sequential { LSTM(4, name: "lstm") }.build(inputShape: [12])
        }
        expectRefused(["gru", "at least one time step", "[0, 3]"]) {
            try Sequential { GRU(4, name: "gru") }.build(inputShape: [0, 3])
        }
        expectRefused(["lstm_1", "LSTM", "got samples of shape [4]"]) {
            try Sequential { LSTM(4); LSTM(4) }.build(inputShape: [5, 3])
        }
        expectRefused(["bidirectional.forward_lstm: LSTM expects", "[12]"]) {
            try Sequential { Bidirectional(LSTM(4)) }.build(inputShape: [12])
        }
        expectRefused(["encoder.forward_gru: GRU expects", "[12]"]) {
            _ = try Bidirectional(GRU(4), name: "encoder").outputShape(for: [12])
        }
        expectRefused(["simple_rnn", "at least 1 unit"]) { try Sequential { SimpleRNN(0) }.build(inputShape: [5, 3]) }
        expectRefused(["time_distributed", "[timesteps, …]", "[7]"]) {
            try Sequential { TimeDistributed(Dense(2)) }.build(inputShape: [7])
        }
        let model = Sequential { LSTM(4, inputShape: [5, 3]); Dense(1) }
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        expectRefused(["features have samples of shape [5, 2]", "expects [5, 3]"]) {
            try model.fit(Tensor.zeros([8, 5, 2]), Tensor.zeros([8, 1]), verbose: 0)
        }
        let layer = LSTM(4, name: "encoder")
        var generator = RandomGenerator(seed: 0)
        try layer.build(inputShape: [5, 3], generator: &generator)
        expectRefused(["encoder", "[batch, timesteps, features]", "[5, 3]"]) { _ = try layer.callWithState(Tensor.zeros([5, 3])) }
        expectRefused(["encoder", "built for 3 features", "[5, 4]"]) { _ = try layer.callWithState(Tensor.zeros([2, 5, 4])) }
        expectRefused(["encoder", "2 initial state(s) of shape [2, 4]", "[[2, 4]]"]) {
            _ = try layer.callWithState(Tensor.zeros([2, 5, 3]), initialState: [Tensor.zeros([2, 4])])
        }
    }

    @Test func statesComeFromCallWithStateAndFromReturnStateInSequential() throws {
        let x = Tensor.randomNormal([2, 6, 3], seed: 1)
        let encoder = LSTM(4, returnSequences: true, returnState: true)
        let model = Sequential(seed: 5) { encoder }
        let sequence = try model.predict(x)
        #expect(sequence.shape == [2, 6, 4])
        #expect(encoder.finalStates.map(\.shape) == [[2, 4], [2, 4]])
        #expect(encoder.finalStates[0] == sequence.slice(alongAxis: 1, 5..<6).reshaped([2, 4]))
        let result = try encoder.callWithState(x)
        #expect(result.output == sequence && result.states == encoder.finalStates)

        // Continuing from the final states equals running the whole sequence at once.
        let first = try encoder.callWithState(x.slice(alongAxis: 1, 0..<4))
        let rest = try encoder.callWithState(x.slice(alongAxis: 1, 4..<6), initialState: first.states)
        expectClose(rest.states[1], result.states[1], relative: 1e-6, "cell state after resuming")

        let plain = GRU(4)
        _ = try Sequential(seed: 5) { plain }.predict(x)
        #expect(plain.finalStates.isEmpty)
    }

    @Test func goBackwardsReadsTheSequenceReversed() throws {
        let x = Tensor.randomNormal([2, 5, 3], seed: 2)
        var generator = RandomGenerator(seed: 3)
        let forward = SimpleRNN(4)
        try forward.build(inputShape: [5, 3], generator: &generator)
        let backward = forward.reversedCopy()
        try backward.build(inputShape: [5, 3], generator: &generator)
        for (a, b) in zip(backward.parameters, forward.parameters) { a.value = b.value }
        let reversed = x.gathering([4, 3, 2, 1, 0], alongAxis: 1)
        #expect(backward(x) == forward(reversed))
        #expect(backward.goBackwards && !forward.goBackwards)
    }

    @Test func unitForgetBiasAndInitialisersFollowKeras() throws {
        var generator = RandomGenerator(seed: 9)
        let lstm = LSTM(3)
        try lstm.build(inputShape: [4, 5], generator: &generator)
        #expect(lstm.bias?.value == Tensor([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]))
        let recurrent = try #require(lstm.recurrentKernel?.value)
        expectClose(matmul(recurrent, recurrent.transposed()), .identity(3), relative: 0, absolute: 1e-5,
                    "recurrent kernel rows orthonormal")
        let limit = (6 / Float(5 + 12)).squareRoot()
        #expect(lstm.kernel!.value.abs().max().scalar <= limit)
        let gru = GRU(3)
        try gru.build(inputShape: [4, 5], generator: &generator)
        #expect(gru.bias?.value == .zeros([2, 9]))
        #expect(LSTM(3, unitForgetBias: false).configuration.settings["unit_forget_bias"] == false)
    }
}
