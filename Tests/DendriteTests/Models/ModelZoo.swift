import Foundation
@testable import Dendrite

/// Functional models that together use every layer kind, each with data for its inputs and
/// targets; shared by the save/load round-trip tests (and, later, "plan equals eager").
enum ModelZoo {
    struct Entry: Sendable {
        let name: String
        let make: @Sendable () throws -> Model
        let inputs: [Tensor]
        let targets: [Tensor]
    }

    static func uniform(_ shape: [Int], seed: UInt64) -> Tensor { Tensor.randomUniform(shape, low: -1, high: 1, seed: seed) }

    static let batch = 6

    static let entries: [Entry] = [
        Entry(name: "dense_merges", make: {
            let a = Input(shape: [5], name: "a"), b = Input(shape: [5], name: "b")
            let shared = Dense(4, activation: .tanh, kernelRegularizer: .l2(0.01))
            let (left, right) = (try shared(a), try shared(b))
            let merged = try Concatenate()([try Add()([left, right]), try Subtract()([left, right]), try Multiply()([left, right]),
                                            try Average()([left, right]), try Maximum()([left, right]), try Minimum()([left, right]),
                                            try Dot(axes: 1, normalize: true)([left, right])])
            let hidden = try Dropout(0.2)(try ActivationLayer(.elu(alpha: 1))(try Dense(6)(merged)))
            return try Model(inputs: [a, b], outputs: [try Dense(2, activation: .softmax)(hidden), try Dense(1)(hidden)], seed: 1)
        }, inputs: [uniform([batch, 5], seed: 1), uniform([batch, 5], seed: 2)],
              targets: [Tensor(shape: [batch], scalars: (0..<batch).map { Float($0 % 2) }), uniform([batch, 1], seed: 3)]),
        Entry(name: "cnn_batchnorm", make: {
            let image = Input(shape: [8, 8, 2], name: "image")
            var x = try Conv2D(4, kernelSize: 3, padding: .same, activation: .relu)(image)
            x = try BatchNormalization()(x)
            let skip = try Conv2D(4, kernelSize: 1)(image)
            x = try Add()([x, skip])
            x = try MaxPooling2D(2)(try ZeroPadding2D(1)(x))
            x = try AveragePooling2D(2)(x)
            let pooled = try Concatenate()([try GlobalAveragePooling2D()(x), try GlobalMaxPooling2D()(x),
                                            try Flatten()(try Reshape([4, 4])(x))])
            return try Model(inputs: image, outputs: try Dense(3, activation: .softmax)(pooled), seed: 2)
        }, inputs: [uniform([batch, 8, 8, 2], seed: 4)],
              targets: [Tensor(shape: [batch, 3], scalars: (0..<batch * 3).map { $0 % 3 == ($0 / 3) % 3 ? 1 : 0 })]),
        Entry(name: "sequences", make: {
            let tokens = Input(shape: [7], name: "tokens")
            let embedded = try Embedding(11, 4)(tokens)
            let convolved = try MaxPooling1D(2)(try Conv1D(5, kernelSize: 2, activation: .relu)(embedded))
            let lstm = try LSTM(3, returnSequences: true)(convolved)
            let gru = try GRU(3)(lstm)
            let rnn = try Bidirectional(SimpleRNN(2))(try TimeDistributed(Dense(3))(convolved))
            let encoder = try Model(inputs: tokens, outputs: try Concatenate()([gru, rnn]), name: "encoder", seed: 5)
            let outer = Input(shape: [7], name: "outer_tokens")
            return try Model(inputs: outer, outputs: try Dense(1, activation: .sigmoid)(try encoder(outer)), seed: 3)
        }, inputs: [Tensor(shape: [batch, 7], scalars: (0..<batch * 7).map { Float(($0 * 5) % 11) })],
              targets: [Tensor(shape: [batch, 1], scalars: (0..<batch).map { Float($0 % 2) })]),
        Entry(name: "small_layers", make: {
            let image = Input(shape: [4, 6, 2], name: "image"), sequence = Input(shape: [5, 3], name: "sequence")
            var picture = try UpSampling2D((2, 2), interpolation: .bilinear)(image)
            picture = try PReLU(sharedAxes: [1, 2])(try ReLU(maxValue: 6)(try Cropping2D(((1, 1), (2, 2)))(picture)))
            let steps = try Permute([2, 1])(sequence)
            let pooled = try Concatenate()([try GlobalAveragePooling2D()(picture),
                                            try GlobalMaxPooling1D()(try AveragePooling1D(2)(steps)),
                                            try GlobalAveragePooling1D()(sequence)])
            var x = try ELU(alpha: 0.5)(try LeakyReLU()(try Dense(4)(pooled)))
            x = try Identity()(try Flatten()(try Softmax()(try RepeatVector(3)(x))))
            return try Model(inputs: [image, sequence], outputs: try Dense(1)(x), seed: 6)
        }, inputs: [uniform([batch, 4, 6, 2], seed: 8), uniform([batch, 5, 3], seed: 9)], targets: [uniform([batch, 1], seed: 10)]),
        Entry(name: "attention_normalization", make: {
            let query = Input(shape: [4, 6], name: "query"), memory = Input(shape: [5, 6], name: "memory")
            let (attended, scores) = try MultiHeadAttention(numHeads: 2, keyDim: 3, dropout: 0.2, returnAttentionScores: true)
                .symbolicOutputs([query, memory]).pair
            let dot = try Attention(useScale: true, dropout: 0.1, useCausalMask: true)([query, memory])
            let concat = try Attention(scoreMode: .concat)([query, memory])
            let additive = try AdditiveAttention(dropout: 0.1)([query, memory, memory])
            let grouped = try GroupNormalization(groups: 4)(try Concatenate()([attended, dot, concat, additive]))
            let pooled = try Concatenate()([try GlobalAveragePooling1D()(try UnitNormalization()(grouped)), try Flatten()(scores)])
            return try Model(inputs: [query, memory], outputs: try Dense(2, activation: .softmax)(pooled), seed: 7)
        }, inputs: [uniform([batch, 4, 6], seed: 13), uniform([batch, 5, 6], seed: 14)],
              targets: [Tensor(shape: [batch, 2], scalars: (0..<batch * 2).map { $0 % 2 == ($0 / 2) % 2 ? 1 : 0 })]),
        Entry(name: "transformer", make: {
            let source = Input(shape: [6], name: "source_ids"), target = Input(shape: [5, 8], name: "target")
            let embedded = try TokenAndPositionEmbedding(vocabularySize: 11, sequenceLength: 6, embeddingDim: 8)(source)
            let encoded = try TransformerEncoder(intermediateDim: 16, numHeads: 2, dropout: 0.1)(embedded)
            let normalizedFirst = try TransformerEncoder(intermediateDim: 12, numHeads: 4, dropout: 0.1, activation: .gelu,
                                                         normalizeFirst: true)(encoded)
            let learned = try Add()([target, try PositionEmbedding(sequenceLength: 7)(target)])
            let positioned = try Add()([learned, try SinePositionEncoding()(learned)])
            let decoded = try TransformerDecoder(intermediateDim: 16, numHeads: 2, dropout: 0.1)([positioned, normalizedFirst])
            let decoderOnly = try TransformerDecoder(intermediateDim: 8, numHeads: 2, normalizeFirst: true)([decoded])
            return try Model(inputs: [source, target], outputs: try Dense(1)(try GlobalAveragePooling1D()(decoderOnly)), seed: 8)
        }, inputs: [Tensor(shape: [batch, 6], scalars: (0..<batch * 6).map { Float(($0 * 7) % 11) }), uniform([batch, 5, 8], seed: 15)],
              targets: [uniform([batch, 1], seed: 16)]),
        Entry(name: "sequential_in_functional", make: {
            let features = Input(shape: [4], name: "features")
            let block = Sequential(name: "block") { Dense(5, activation: .relu); Dense(4) }
            let residual = try Add()([features, try block(features)])
            return try Model(inputs: features, outputs: try Dense(1)(residual), seed: 4)
        }, inputs: [uniform([batch, 4], seed: 6)], targets: [uniform([batch, 1], seed: 7)]),
        Entry(name: "masked_sequences", make: {
            // Padding id 0 and padded feature steps: masks through Dropout, Dense, merges and RNNs
            // into pooling, and a masked sequence output for the loss.
            let tokens = Input(shape: [6], name: "tokens"), series = Input(shape: [6, 2], name: "series")
            let embedded = try Dropout(0.1)(try Embedding(9, 4, maskZero: true)(tokens))
            let recurrent = try Bidirectional(LSTM(3, returnSequences: true))(embedded)
            let residual = try Add()([try TimeDistributed(Dense(6))(embedded), recurrent])
            let pooled = try Concatenate()([try GlobalAveragePooling1D()(residual), try GlobalMaxPooling1D()(residual)])
            let masked = try Masking(maskValue: 0)(series)
            let tagged = try Dense(1)(try SimpleRNN(2, returnSequences: true)(try GRU(3, returnSequences: true)(masked)))
            return try Model(inputs: [tokens, series], outputs: [try Dense(1, activation: .sigmoid)(pooled), tagged], seed: 7)
        }, inputs: [paddedIDs, paddedSeries],
              targets: [Tensor(shape: [batch, 1], scalars: (0..<batch).map { Float($0 % 2) }), uniform([batch, 6, 1], seed: 8)]),
        Entry(name: "masked_transformer", make: {
            let tokens = Input(shape: [6], name: "tokens")
            let embedded = try Embedding(9, 4, maskZero: true)(tokens)
            let encoded = try TransformerEncoder(intermediateDim: 8, numHeads: 2)(embedded)
            let attended = try MultiHeadAttention(numHeads: 2, keyDim: 2)([encoded, embedded])
            let scored = try Attention(useCausalMask: true)([attended, encoded])
            return try Model(inputs: tokens, outputs: try Dense(1)(try GlobalAveragePooling1D()(scored)), seed: 8)
        }, inputs: [paddedIDs], targets: [uniform([batch, 1], seed: 9)]),
        Entry(name: "stateful_recurrent", make: {
            // States carried across batches, recurrent dropout and regularizers, causal convolution.
            let series = Input(shape: [5, 2], name: "series")
            let convolved = try Conv1D(3, kernelSize: 3, padding: .causal, dilation: 2, activation: .relu)(series)
            let lstm = try LSTM(3, returnSequences: true, kernelRegularizer: .l2(0.01), recurrentRegularizer: .l1(0.001),
                                biasRegularizer: .l2(0.01), dropout: 0.2, recurrentDropout: 0.1, stateful: true)(convolved)
            let gru = try GRU(2, stateful: true)(lstm)
            return try Model(inputs: series, outputs: try Dense(1)(gru), seed: 9)
        }, inputs: [uniform([batch, 5, 2], seed: 10)], targets: [uniform([batch, 1], seed: 11)]),
    ]

    /// Compiles with a loss per output that fits its targets.
    /// Ids 1…8 followed by padding zeros, sample `s` keeping `2 + s % 4` steps.
    static let paddedIDs = Tensor(shape: [batch, 6], scalars: (0..<batch * 6).map { index -> Float in
        let (sample, step) = (index / 6, index % 6)
        return step < 2 + sample % 4 ? Float((index * 7) % 8 + 1) : 0
    })

    /// Two features per step, the last two steps padding (all zeros).
    static let paddedSeries = Tensor(shape: [batch, 6, 2], scalars: (0..<batch * 12).map { index -> Float in
        (index / 2) % 6 < 4 ? Float(index % 5) - 1.5 : 0
    })

    static func compile(_ model: Model, _ entry: Entry) {
        let losses: [Loss] = entry.targets.enumerated().map { index, targets in
            if entry.name == "dense_merges" { return index == 0 ? .sparseCategoricalCrossentropy : .meanSquaredError }
            if ["cnn_batchnorm", "attention_normalization"].contains(entry.name) { return .categoricalCrossentropy }
            if entry.name == "sequences" { return .binaryCrossentropy }
            return .meanSquaredError
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: losses)
    }
}
