import DendriteCore

/// One decoder block of "Attention Is All You Need" (KerasHub's `keras_hub.layers.TransformerDecoder`):
/// causal self-attention, then (when built with an encoder sequence) cross-attention to the encoder's
/// outputs, then a two-layer feed-forward network, each with dropout, a residual connection and layer
/// normalisation. With `normalizeFirst` false (the default):
///
///     a = LayerNorm₁(x + dropout(MultiHeadAttention₁([x, x], causal)))
///     c = LayerNorm₂(a + dropout(MultiHeadAttention₂([a, encoder])))          (only with an encoder input)
///     y = LayerNorm₃(c + dropout(W₂·activation(W₁·c + b₁) + b₂))
///
/// and with `normalizeFirst` true each block normalises its input instead (`a = x + dropout(MHA₁(LN₁(x)))`, …).
/// Inputs `[decoderSequence]` (decoder-only, as GPT) or `[decoderSequence, encoderSequence]`; the number of
/// inputs is fixed by the first call, as in KerasHub. `useCausalMask` (KerasHub's call argument, default
/// true) lets decoder step i attend only to steps j ≤ i.
///
/// Both attentions have `numHeads` heads of size `features / numHeads` (rounded down, at least 1) and
/// project back to the decoder's `features`. The sub-layers are made at `build`, named `<name>.<KerasHub's
/// name>`, so the weights map one to one to a KerasHub model's
/// (`decoder/cross_attention/query/kernel` is `decoder.cross_attention.query.kernel`):
///
/// | property (KerasHub attribute)   | sub-layer name                   | layer                                   |
/// |---------------------------------|----------------------------------|-----------------------------------------|
/// | `selfAttentionLayer`            | `self_attention`                 | ``MultiHeadAttention`` (causal, dropout)|
/// | `selfAttentionLayerNorm`        | `self_attention_layer_norm`      | ``LayerNormalization`` (ε)              |
/// | `selfAttentionDropout`          | `self_attention_dropout`         | ``Dropout``                             |
/// | `crossAttentionLayer`           | `cross_attention`                | ``MultiHeadAttention`` (dropout)        |
/// | `crossAttentionLayerNorm`       | `cross_attention_layer_norm`     | ``LayerNormalization`` (ε)              |
/// | `crossAttentionDropout`         | `cross_attention_dropout`        | ``Dropout``                             |
/// | `feedforwardIntermediateDense`  | `feedforward_intermediate_dense` | ``Dense`` (intermediateDim, activation) |
/// | `feedforwardOutputDense`        | `feedforward_output_dense`       | ``Dense`` (features)                    |
/// | `feedforwardLayerNorm`          | `feedforward_layer_norm`         | ``LayerNormalization`` (ε)              |
/// | `feedforwardDropout`            | `feedforward_dropout`            | ``Dropout``                             |
///
/// Weights in KerasHub's order, that of the table. Shapes: decoder sequence `[batch, t, features]`,
/// encoder sequence `[batch, s, encoderFeatures]`, output `[batch, t, features]`. Defaults (KerasHub):
/// dropout 0, ReLU, ε = 1e-5, Glorot-uniform kernels, zero biases, `normalizeFirst` false.
///
/// Padding masks (`[batch, steps]`) act as KerasHub's: the decoder sequence's mask hides its padding
/// steps from the self-attention (with the causal mask; unlike the encoder, KerasHub's decoder does not
/// mask the query, and the fixtures confirm it), the encoder sequence's mask hides its padding steps
/// from the cross-attention, and the decoder sequence's mask is passed on. KerasHub's
/// explicit attention masks and key/value caches are not inputs here; its saved
/// `decoder_sequence_shape` and `encoder_sequence_shape` are not needed (the model's graph gives them).
///
/// ```swift
/// let (target, source) = (Input(shape: [12, 32]), Input(shape: [20, 32]))
/// let decoded = try TransformerDecoder(intermediateDim: 64, numHeads: 4)([target, source])   // [batch, 12, 32]
/// ```
public final class TransformerDecoder: CompositeLayer {
    public var name: String { didSet { nameSublayers() } }
    public var typeName: String { "TransformerDecoder" }
    /// The width of the feed-forward network's hidden layer.
    public let intermediateDim: Int
    public let numHeads: Int
    /// The rate of every dropout in the block: attention scores, attention outputs, feed-forward output.
    public let dropout: Float
    /// The feed-forward network's hidden activation.
    public let activation: Activation
    public let layerNormEpsilon: Float
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    /// Whether each sub-block normalises its input (pre-norm) rather than its residual sum (post-norm).
    public let normalizeFirst: Bool
    public let useCausalMask: Bool
    public private(set) var inputShapes: [[Int]]?

    public private(set) var selfAttentionLayer: MultiHeadAttention?
    public private(set) var selfAttentionLayerNorm: LayerNormalization?
    public private(set) var selfAttentionDropout: Dropout?
    public private(set) var crossAttentionLayer: MultiHeadAttention?
    public private(set) var crossAttentionLayerNorm: LayerNormalization?
    public private(set) var crossAttentionDropout: Dropout?
    public private(set) var feedforwardIntermediateDense: Dense?
    public private(set) var feedforwardOutputDense: Dense?
    public private(set) var feedforwardLayerNorm: LayerNormalization?
    public private(set) var feedforwardDropout: Dropout?

    public init(intermediateDim: Int, numHeads: Int, dropout: Float = 0, activation: Activation = .relu,
                layerNormEpsilon: Float = 1e-5, kernelInitializer: Initializer = .glorotUniform,
                biasInitializer: Initializer = .zeros, normalizeFirst: Bool = false, useCausalMask: Bool = true,
                name: String = "") {
        self.intermediateDim = intermediateDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.activation = activation
        self.layerNormEpsilon = layerNormEpsilon
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.normalizeFirst = normalizeFirst
        self.useCausalMask = useCausalMask
        self.name = name
    }

    public var isBuilt: Bool { inputShapes != nil }

    /// The sub-layers with their KerasHub names, in KerasHub's order of creation (that of the weights).
    private var namedSublayers: [(String, any GraphLayer)] {
        let named: [(String, (any GraphLayer)?)] = [
            ("self_attention", selfAttentionLayer), ("self_attention_layer_norm", selfAttentionLayerNorm),
            ("self_attention_dropout", selfAttentionDropout), ("cross_attention", crossAttentionLayer),
            ("cross_attention_layer_norm", crossAttentionLayerNorm), ("cross_attention_dropout", crossAttentionDropout),
            ("feedforward_intermediate_dense", feedforwardIntermediateDense),
            ("feedforward_output_dense", feedforwardOutputDense), ("feedforward_layer_norm", feedforwardLayerNorm),
            ("feedforward_dropout", feedforwardDropout),
        ]
        return named.compactMap { local, layer in layer.map { (local, $0) } }
    }

    private func nameSublayers() { for (local, layer) in namedSublayers { layer.name = sublayerName(local) } }

    public var sublayers: [any GraphLayer] { namedSublayers.map(\.1) }
    public var parameters: [Parameter] { sublayers.flatMap(\.parameters) }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try requireInputCount(inputShapes, 1...2)
        let decoder = inputShapes[0]
        try TransformerSettings.check(self, intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout,
                                      epsilon: layerNormEpsilon, sequence: decoder, role: "decoder sequence")
        if inputShapes.count == 2, inputShapes[1].count != 2 || !inputShapes[1].allSatisfy({ $0 > 0 }) {
            throw DendriteError.shape("\(name): TransformerDecoder takes sequences [steps, features] as its encoder sequence, got shape \(inputShapes[1])")
        }
        if let built = self.inputShapes {
            guard built.count == inputShapes.count else {
                throw DendriteError.shape("\(name): TransformerDecoder was built \(built.count == 2 ? "with" : "without") an encoder sequence; call it with \(built.count) input(s) every time, got \(inputShapes.count)")
            }
            guard built.map(\.last) == inputShapes.map(\.last) else {
                throw DendriteError.shape("\(name): TransformerDecoder built for feature sizes \(built.map { $0[1] }), got shapes \(inputShapes)")
            }
        }
        return [decoder]
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        _ = try outputShapes(for: inputShapes)
        let decoder = inputShapes[0]
        let (features, headSize) = (decoder[1], decoder[1] / numHeads)
        func attention(causal: Bool) -> MultiHeadAttention {
            MultiHeadAttention(numHeads: numHeads, keyDim: headSize, valueDim: headSize, dropout: dropout,
                               useCausalMask: causal, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer)
        }
        func norm() -> LayerNormalization { LayerNormalization(epsilon: layerNormEpsilon) }
        // Made and built in KerasHub's order, which is that of the weights and of the random draws.
        selfAttentionLayer = attention(causal: useCausalMask)
        (selfAttentionLayerNorm, selfAttentionDropout) = (norm(), Dropout(dropout))
        if inputShapes.count == 2 {
            crossAttentionLayer = attention(causal: false)
            (crossAttentionLayerNorm, crossAttentionDropout) = (norm(), Dropout(dropout))
        }
        feedforwardIntermediateDense = Dense(intermediateDim, activation: activation, kernelInitializer: kernelInitializer,
                                             biasInitializer: biasInitializer)
        feedforwardOutputDense = Dense(features, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer)
        (feedforwardLayerNorm, feedforwardDropout) = (norm(), Dropout(dropout))
        nameSublayers()
        try selfAttentionLayer?.build(inputShapes: [decoder, decoder], generator: &generator)
        try selfAttentionLayerNorm?.build(inputShape: decoder, generator: &generator)
        try selfAttentionDropout?.build(inputShape: decoder, generator: &generator)
        if inputShapes.count == 2 {
            try crossAttentionLayer?.build(inputShapes: [decoder, inputShapes[1]], generator: &generator)
            try crossAttentionLayerNorm?.build(inputShape: decoder, generator: &generator)
            try crossAttentionDropout?.build(inputShape: decoder, generator: &generator)
        }
        try feedforwardIntermediateDense?.build(inputShape: decoder, generator: &generator)
        try feedforwardOutputDense?.build(inputShape: [decoder[0], intermediateDim], generator: &generator)
        try feedforwardLayerNorm?.build(inputShape: decoder, generator: &generator)
        try feedforwardDropout?.build(inputShape: decoder, generator: &generator)
        self.inputShapes = inputShapes
    }

    public var supportsMasking: Bool { true }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        call(inputs, masks: Array(repeating: nil, count: inputs.count), training: training)
    }

    public func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        guard let selfAttentionLayer, let selfAttentionLayerNorm, let selfAttentionDropout, let feedforwardIntermediateDense,
              let feedforwardOutputDense, let feedforwardLayerNorm, let feedforwardDropout else {
            preconditionFailure("\(name): TransformerDecoder used before build")
        }
        precondition(inputs.count == (crossAttentionLayer == nil ? 1 : 2),
                     "\(name): TransformerDecoder built for \(crossAttentionLayer == nil ? 1 : 2) input(s), got \(inputs.count)")
        let residual = TransformerSettings.residual(normalizeFirst: normalizeFirst, training: training)
        var x = residual(inputs[0], selfAttentionLayerNorm, selfAttentionDropout) {
            selfAttentionLayer.call([$0, $0], masks: [nil, masks[0]], training: training)[0]
        }
        if let crossAttentionLayer, let crossAttentionLayerNorm, let crossAttentionDropout {
            x = residual(x, crossAttentionLayerNorm, crossAttentionDropout) {
                crossAttentionLayer.call([$0, inputs[1]], masks: [nil, masks[1]], training: training)[0]
            }
        }
        x = residual(x, feedforwardLayerNorm, feedforwardDropout) {
            feedforwardOutputDense(feedforwardIntermediateDense($0, training: training), training: training)
        }
        return [x]
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable,
                           settings: TransformerSettings.configuration(
                            intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout, activation: activation,
                            layerNormEpsilon: layerNormEpsilon, kernelInitializer: kernelInitializer,
                            biasInitializer: biasInitializer, normalizeFirst: normalizeFirst).merging([
                                "use_causal_mask": .bool(useCausalMask),
                            ]) { $1 })
    }

    /// Reads KerasHub's keys; `use_causal_mask` (KerasHub's call argument) defaults to true.
    public convenience init(configuration: LayerConfiguration) throws {
        let settings = try TransformerSettings(configuration)
        let causal = configuration.settings["use_causal_mask"] == nil ? true : try configuration.bool("use_causal_mask")
        self.init(intermediateDim: settings.intermediateDim, numHeads: settings.numHeads, dropout: settings.dropout,
                  activation: settings.activation, layerNormEpsilon: settings.layerNormEpsilon,
                  kernelInitializer: settings.kernelInitializer, biasInitializer: settings.biasInitializer,
                  normalizeFirst: settings.normalizeFirst, useCausalMask: causal, name: configuration.name)
    }
}

/// KerasHub keeps each sub-layer under its private attribute: `_self_attention_layer/query_dense/vars/0`,
/// `_cross_attention_layer/…`, `_feedforward_output_dense/vars/0`, ….
extension TransformerDecoder: KerasWeightLayout {
    public var kerasWeightPaths: [String] {
        let attributes = ["self_attention": "_self_attention_layer", "cross_attention": "_cross_attention_layer"]
        return namedSublayers.flatMap { local, layer in KerasWeightPaths.nested(layer, under: "\(attributes[local] ?? "_\(local)")/") }
    }
}
