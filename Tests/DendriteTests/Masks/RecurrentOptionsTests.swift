import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Recurrent dropout, regularizers and stateful layers, and Conv1D's causal padding.
@Suite struct RecurrentOptionsTests {
    static func built<L: Layer>(_ layer: L, _ shape: [Int], seed: UInt64 = 1) throws -> L {
        var generator = RandomGenerator(seed: seed)
        try layer.build(inputShape: shape, generator: &generator)
        return layer
    }

    /// Inference ignores the dropout rates: the output equals that of the same weights without dropout.
    @Test(arguments: ["simple_rnn", "lstm", "gru"])
    func dropoutIsOffAtInference(_ kind: String) throws {
        func make(_ dropout: Float) -> any RecurrentLayer {
            switch kind {
            case "simple_rnn": SimpleRNN(3, returnSequences: true, dropout: dropout, recurrentDropout: dropout)
            case "lstm": LSTM(3, returnSequences: true, dropout: dropout, recurrentDropout: dropout)
            default: GRU(3, returnSequences: true, dropout: dropout, recurrentDropout: dropout)
            }
        }
        let (dropping, plain) = (try Self.built(make(0.4), [5, 2]), try Self.built(make(0), [5, 2]))
        for (a, b) in zip(dropping.parameters, plain.parameters) { b.value = a.value }
        let input = Tensor.randomUniform([4, 5, 2], low: -1, high: 1, seed: 2)
        #expect(dropping(input, training: false) == plain(input, training: false))
        #expect(dropping(input, training: true) != plain(input, training: true), "training draws masks")
    }

    /// The masks drop a fraction `rate` and scale the rest by 1 / (1 − rate), so their mean is 1.
    @Test func dropoutMasksHaveTheRateAndKeepTheMean() {
        let memory = RecurrentMemory()
        memory.generator = RandomGenerator(seed: 7)
        let mask = memory.dropoutMask([200, 100], rate: 0.3).scalars
        let dropped = Float(mask.filter { $0 == 0 }.count) / Float(mask.count)
        let mean = mask.reduce(0, +) / Float(mask.count)
        #expect(abs(dropped - 0.3) < 0.015, "dropped fraction \(dropped)")
        #expect(abs(mean - 1) < 0.02, "mean \(mean)")
        #expect(Set(mask).isSubset(of: [0, 1 / 0.7]))
    }

    /// One mask per sequence: an input feature dropped at one step is dropped at every step, so with
    /// the recurrent kernel zero each step's output sees the same features.
    @Test func oneInputMaskPerSequence() throws {
        let layer = try Self.built(SimpleRNN(4, activation: .linear, useBias: false, returnSequences: true, dropout: 0.5), [6, 3])
        layer.recurrentKernel?.value = Tensor.zeros([4, 4])
        layer.kernel?.value = Tensor.concatenate([Tensor.identity(3), Tensor.zeros([3, 1])], alongAxis: 1)
        let input = Tensor.ones([8, 6, 3])
        let steps = layer(input, training: true).unstacked(alongAxis: 1)
        for step in steps.dropFirst() { #expect(step == steps[0]) }
    }

    /// With fixed dropout masks the unrolled layer is differentiable like any other.
    @Test(arguments: ["lstm", "gru"])
    func droppedGradientsMatchFiniteDifferences(_ kind: String) throws {
        let layer: any RecurrentLayer = kind == "lstm" ? LSTM(2, returnSequences: true) : GRU(2, returnSequences: true, resetAfter: false)
        var generator = RandomGenerator(seed: 3)
        try layer.build(inputShape: [3, 2], generator: &generator)
        let inputMask = Tensor(shape: [2, 2], scalars: [2, 0, 2, 2])
        let recurrentMask = Tensor(shape: [2, 2], scalars: [0, 2, 2, 2])
        expectGradientsMatchFiniteDifferences([Tensor.randomUniform([2, 3, 2], low: -1, high: 1, seed: 4)]) {
            layer.unroll($0[0], initialState: nil, inputMask: inputMask, recurrentMask: recurrentMask).output
        }
    }

    @Test func regularizersPenalizeTheirWeightsAndRoundTrip() throws {
        let lstm = LSTM(2, kernelRegularizer: .l2(0.1), recurrentRegularizer: .l1(0.01), biasRegularizer: .l2(0.5),
                        dropout: 0.25, recurrentDropout: 0.5, stateful: true, name: "lstm")
        let input = Input(shape: [3, 2])
        let model = try Model(inputs: input, outputs: try lstm(input))
        let expected = 0.1 * lstm.kernel!.value.squared().sum().scalar + 0.01 * lstm.recurrentKernel!.value.abs().sum().scalar
            + 0.5 * lstm.bias!.value.squared().sum().scalar
        let penalty = try #require(model.regularizationLoss()).scalar
        #expect(abs(penalty - expected) <= 1e-5 * expected)
        let copy = try LSTM(configuration: lstm.configuration)
        #expect(copy.configuration == lstm.configuration)
        #expect(copy.dropout == 0.25 && copy.recurrentDropout == 0.5 && copy.stateful)
        #expect(lstm.configuration.settings["recurrent_regularizer"] != .null)
    }

    /// A Keras configuration with dropout, stateful and mask_zero loads (these were refused before).
    @Test func kerasSettingsForDropoutStatefulAndMasksLoad() throws {
        let json = #"{"class_name": "LSTM", "config": {"name": "lstm", "units": 4, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "unit_forget_bias": true, "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.2, "recurrent_dropout": 0.1, "seed": null, "return_sequences": false, "return_state": false, "go_backwards": false, "stateful": true, "unroll": false, "zero_output_for_mask": false}}"#
        let raw = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let configuration = try KerasModelSchema.layerConfiguration(raw) { DendriteError.argument($0) }
        let layer = try #require(try LayerRegistry.makeLayer(configuration) as? LSTM)
        #expect(layer.dropout == 0.2 && layer.recurrentDropout == 0.1 && layer.stateful)
        #expect(layer.kernelRegularizer != nil)
        try KerasInertSettings.requireUnderstood(configuration, by: layer)
    }

    @Test(arguments: ["stateful_lstm", "stateful_gru"])
    func statefulLayerMatchesKerasOverConsecutiveBatches(_ name: String) throws {
        let fixture = try #require(MaskFixtures.file?.stateful.first { $0.name == name })
        let layer: any RecurrentLayer = fixture.kind == "lstm" ? LSTM(3, returnSequences: true, stateful: true)
            : GRU(3, returnSequences: true, stateful: true)
        let model = Sequential { layer }
        try model.build(inputShape: [4, 3])
        try model.setWeights(fixture.weights.map(\.tensor))
        for (index, (batch, expected)) in zip(fixture.batches, fixture.outputs).enumerated() {
            expectClose(try model.predict(batch.tensor, batchSize: 2), expected.tensor, "\(name) batch \(index)")
        }
        model.resetStates()
        expectClose(try model.predict(fixture.batches[0].tensor), fixture.afterReset.tensor, "\(name) after reset")
    }

    @Test func statefulModelsNeedBatchesOfOneSize() throws {
        let model = Sequential { LSTM(2, stateful: true, inputShape: [3, 1], name: "memory"); Dense(1) }
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        let (x, y) = (Tensor.ones([10, 3, 1]), Tensor.ones([10, 1]))
        let error = try #require(throws: DendriteError.self) { try model.fit(x, y, batchSize: 4, verbose: 0) }
        #expect(error.message == "fit: sequential has the stateful layer 'memory', whose batches must all have one size: batchSize 4 does not divide the 10 samples")
        _ = try model.fit(x, y, batchSize: 5, shuffle: false, verbose: 0)
        let carried = try #require(throws: DendriteError.self) { try model.predict(x, batchSize: 2) }
        #expect(carried.message.contains("carries states for batches of 5, got batchSize 2"))
        model.resetStates()
        #expect(try model.predict(x, batchSize: 2).shape == [10, 1])
    }

    @Test(arguments: ["conv1d_causal_d1_s1", "conv1d_causal_d2_s1", "conv1d_causal_d1_s2"])
    func causalConvolutionMatchesKeras(_ name: String) throws {
        let fixture = try MaskFixtures.layerCase(name)
        let layer = try Self.built(Conv1D(2, kernelSize: 3, strides: fixture.settings.strides ?? 1, padding: .causal,
                                          dilation: fixture.settings.dilation ?? 1), [7, 3])
        for (parameter, weight) in zip(layer.parameters, fixture.weights) { parameter.value = weight.tensor }
        var input = fixture.inputs[0].tensor
        input.requiresGradient = true
        let output = layer(input, training: false)
        var worst = expectClose(output, fixture.output.tensor, "\(name) output")
        (output * fixture.upstream.tensor).sum().backward()
        worst = max(worst, expectClose(try #require(input.gradient), fixture.inputGradients[0].tensor, "\(name) ∂input"))
        for (parameter, expected) in zip(layer.parameters, fixture.weightGradients) {
            worst = max(worst, expectClose(try #require(parameter.gradient), expected.tensor, "\(name) ∂\(parameter.name)"))
        }
        print("causal conv fixture \(name): largest relative deviation \(worst)")
        #expect(try layer.outputShape(for: [7, 3]) == fixture.output.shape.dropFirst().map { $0 })
        expectGradientsMatchFiniteDifferences([Tensor.randomUniform([1, 7, 3], low: -1, high: 1, seed: 5)]) { layer($0[0]) }
    }
}
