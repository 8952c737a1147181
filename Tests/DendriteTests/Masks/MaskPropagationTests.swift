import Foundation
import DendriteTestSupport
import Testing
@testable import Dendrite

/// How masks travel through a graph (Keras' `compute_mask`), what they change, and the errors for
/// masks that do not fit.
@Suite struct MaskPropagationTests {
    static let ids = Tensor(shape: [2, 5], scalars: [3, 1, 4, 0, 0, 0, 2, 0, 5, 1])

    @Test func masksFlowThroughPassingLayersAndStopAtConsumers() throws {
        let tokens = Input(shape: [5])
        let embedded = try Embedding(6, 4, maskZero: true, name: "words")(tokens)
        #expect(embedded.mask == SymbolicMask(shape: [5], origin: "Embedding 'words'"))
        let dense = try Dense(3)(try Dropout(0.5)(try LayerNormalization()(embedded)))
        #expect(dense.mask?.shape == [5])
        let sequences = try LSTM(2, returnSequences: true)(dense)
        #expect(sequences.mask?.shape == [5])
        #expect(try GRU(2)(sequences).mask == nil)
        #expect(try GlobalAveragePooling1D()(sequences).mask == nil)
        #expect(try Dense(3)(try Input(shape: [5, 3])).mask == nil)
    }

    @Test func mergesCombineMasksAsKeras() throws {
        let tokens = Input(shape: [5]), series = Input(shape: [5, 4])
        let embedded = try Embedding(6, 4, maskZero: true)(tokens)
        #expect(try Add()([embedded, series]).mask == nil, "an unmasked input leaves the sum unmasked")
        #expect(try Add()([embedded, embedded]).mask?.shape == [5])
        #expect(try Concatenate()([embedded, series]).mask?.shape == [5])
        #expect(try Concatenate(axis: 1)([embedded, series]).mask?.shape == [10])

        let model = try Model(inputs: [tokens, series], outputs: try Concatenate(axis: 1)([embedded, series]))
        let graph = try #require(model.graph)
        let masks = graph.run([Self.ids, Tensor.zeros([2, 5, 4])], training: false).masks
        #expect(masks[0]?.scalars == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test func aLayerThatCannotTakeMasksIsNamed() throws {
        let tokens = Input(shape: [5])
        let embedded = try Embedding(6, 4, maskZero: true, name: "words")(tokens)
        let error = try #require(throws: DendriteError.self) { try Flatten(name: "flat")(embedded) }
        #expect(error.message.contains("Flatten 'flat' cannot take masked inputs"))
        #expect(error.message.contains("the mask made by Embedding 'words'"))
        #expect(throws: DendriteError.self) { try Conv1D(2, kernelSize: 2)(embedded) }
    }

    /// Padding changes nothing: the masked padded sequence gives the unpadded sequence's result.
    @Test(arguments: ["lstm", "gru", "simple_rnn", "bidirectional"])
    func paddedStepsChangeNothing(_ kind: String) throws {
        let layer: any Layer = switch kind {
        case "lstm": LSTM(3)
        case "gru": GRU(3)
        case "simple_rnn": SimpleRNN(3)
        default: Bidirectional(LSTM(3))
        }
        var generator = RandomGenerator(seed: 4)
        try layer.build(inputShape: [6, 2], generator: &generator)
        let short = Tensor.randomUniform([1, 3, 2], low: -1, high: 1, seed: 5)
        let padded = Tensor.concatenate([short, Tensor.randomUniform([1, 3, 2], low: -1, high: 1, seed: 6)], alongAxis: 1)
        let mask = Tensor(shape: [1, 6], scalars: [1, 1, 1, 0, 0, 0])
        expectClose(layer(padded, mask: mask, training: false), layer(short, training: false), "\(kind) padded")
    }

    @Test func aMaskOfTheWrongShapeOrValuesIsRefused() throws {
        let lstm = LSTM(2, name: "lstm")
        var generator = RandomGenerator(seed: 0)
        try lstm.build(inputShape: [5, 3], generator: &generator)
        let input = Tensor.zeros([2, 5, 3])
        let short = try #require(throws: DendriteError.self) {
            try lstm.callWithState(input, mask: Tensor.ones([2, 4]))
        }
        #expect(short.message == "lstm: LSTM takes a mask of shape [2, 5] ([batch, timesteps]) for inputs of shape [2, 5, 3], got [2, 4]")
        let fractional = try #require(throws: DendriteError.self) {
            try lstm.callWithState(input, mask: Tensor.full([2, 5], 0.5))
        }
        #expect(fractional.message.contains("mask value 0.5 at flat index 0 is not 0 or 1"))
    }

    /// Keras' masked loss: Σ mask·w·loss / Σ mask, and 0 when every step is masked.
    @Test func theLossCountsOnlyUnmaskedSteps() throws {
        let output = Tensor(shape: [2, 3, 1], scalars: [1, 2, 3, 4, 5, 6])
        let targets = Tensor.zeros([2, 3, 1])
        let mask = Tensor(shape: [2, 3], scalars: [1, 1, 0, 0, 1, 0])
        let loss = Loss.meanSquaredError.masked(output, logits: nil, targets, mask: mask, sampleWeights: nil)
        #expect(abs(loss.scalar - (1 + 4 + 25) / 3) < 1e-5)
        let weighted = Loss.meanSquaredError.masked(output, logits: nil, targets, mask: mask,
                                                    sampleWeights: Tensor([2, 0.5]))
        #expect(abs(weighted.scalar - (2 * (1 + 4) + 0.5 * 25) / 3) < 1e-5)
        #expect(Loss.meanSquaredError.masked(output, logits: nil, targets, mask: Tensor.zeros([2, 3]), sampleWeights: nil).scalar == 0)
    }

    /// A sequence output with a mask: the loss and the metrics read the unmasked steps only, with
    /// one-hot targets or (sparse loss) one class id per step.
    @Test(arguments: [false, true])
    func lossAndMetricsLeaveMaskedStepsOut(_ sparse: Bool) throws {
        let model = Sequential { Embedding(6, 3, maskZero: true, inputShape: [5]); Dense(2, activation: .softmax) }
        model.compile(optimizer: Adam(), loss: sparse ? .sparseCategoricalCrossentropy : .categoricalCrossentropy,
                      metrics: [.accuracy])
        let targets = Tensor(shape: [2, 5], scalars: [0, 1, 0, 1, 0, 1, 1, 0, 0, 1])
        let oneHot = Tensor(shape: [2, 5, 2], scalars: targets.scalars.flatMap { $0 == 0 ? [1, 0] : [0, 1] })
        let logs = try model.evaluate(Self.ids, sparse ? targets : oneHot)
        let probabilities = try model.predict(Self.ids).reshaped([10, 2]).unstacked(alongAxis: 0).map(\.scalars)
        let kept = Self.ids.scalars.indices.filter { Self.ids.scalars[$0] != 0 }
        let correct = kept.filter { (probabilities[$0][1] > probabilities[$0][0] ? 1 : 0) == targets.scalars[$0] }
        let loss = kept.map { -log(probabilities[$0][Int(targets.scalars[$0])]) }.reduce(0, +) / Float(kept.count)
        #expect(abs((logs["accuracy"] ?? -1) - Float(correct.count) / Float(kept.count)) < 1e-6)
        #expect(abs((logs["loss"] ?? -1) - loss) < 1e-5)
        _ = try model.fit(Self.ids, sparse ? targets : oneHot, epochs: 1, verbose: 0)
        if sparse {
            let wrong = try #require(throws: DendriteError.self) { try model.evaluate(Self.ids, Tensor.zeros([2, 4])) }
            #expect(wrong.message.contains("one class id per sample"))
        }
    }

    @Test(arguments: ["lstm", "gru", "simple_rnn", "bidirectional", "average", "max", "masking"])
    func maskedGradientsMatchFiniteDifferences(_ kind: String) throws {
        let sequences = kind != "lstm"
        let layer: any Layer = switch kind {
        case "lstm": LSTM(2, goBackwards: true)
        case "gru": GRU(2, returnSequences: true)
        case "simple_rnn": SimpleRNN(2, returnSequences: sequences)
        case "bidirectional": Bidirectional(GRU(2, returnSequences: true))
        case "average": GlobalAveragePooling1D()
        case "max": GlobalMaxPooling1D()
        default: Masking(maskValue: 0.25)
        }
        var generator = RandomGenerator(seed: 2)
        try layer.build(inputShape: [4, 3], generator: &generator)
        let mask = Tensor(shape: [2, 4], scalars: [1, 0, 1, 1, 0, 1, 1, 0])
        let input = Tensor.randomUniform([2, 4, 3], low: -1, high: 1, seed: 3)
        expectGradientsMatchFiniteDifferences([input]) { layer($0[0], mask: kind == "masking" ? nil : mask, training: false) }
    }
}
