import DendriteCore

/// One encoder block of "Attention Is All You Need" (KerasHub's `keras_hub.layers.TransformerEncoder`):
/// self-attention, then a two-layer feed-forward network, each with dropout, a residual connection and
/// layer normalisation. With `normalizeFirst` false (the default, as BERT):
///
///     a = LayerNorm₁(x + dropout(MultiHeadAttention([x, x])))
///     y = LayerNorm₂(a + dropout(W₂·activation(W₁·a + b₁) + b₂))
///
/// and with `normalizeFirst` true (as GPT-2) each block normalises its input instead:
/// `a = x + dropout(MultiHeadAttention(LayerNorm₁(x)))`, `y = a + dropout(FFN(LayerNorm₂(a)))`.
///
/// The attention has `numHeads` heads of size `features / numHeads` (rounded down; it must be at least 1)
/// and projects back to `features`; the feed-forward network widens to `intermediateDim`. The block's
/// sub-layers are made at `build`, named `<name>.<KerasHub's name>`, so the weights map one to one to a
/// KerasHub model's (`encoder/self_attention_layer/query/kernel` is `encoder.self_attention_layer.query.kernel`):
///
/// | property (KerasHub attribute)   | sub-layer name                 | layer                                   |
/// |---------------------------------|--------------------------------|-----------------------------------------|
/// | `selfAttentionLayer`            | `self_attention_layer`         | ``MultiHeadAttention`` (with `dropout`) |
/// | `selfAttentionLayerNorm`        | `self_attention_layer_norm`    | ``LayerNormalization`` (ε)              |
/// | `selfAttentionDropout`          | `self_attention_dropout`       | ``Dropout``                             |
/// | `feedforwardLayerNorm`          | `feedforward_layer_norm`       | ``LayerNormalization`` (ε)              |
/// | `feedforwardIntermediateDense`  | `feedforward_intermediate_dense` | ``Dense`` (intermediateDim, activation) |
/// | `feedforwardOutputDense`        | `feedforward_output_dense`     | ``Dense`` (features)                    |
/// | `feedforwardDropout`            | `feedforward_dropout`          | ``Dropout``                             |
///
/// Weights in KerasHub's order: the attention's, `self_attention_layer_norm`, `feedforward_layer_norm`,
/// `feedforward_intermediate_dense`, `feedforward_output_dense`. Kernels from `kernelInitializer`, biases
/// from `biasInitializer`. Shapes: input `[batch, steps, features]`, output the same. Defaults (KerasHub):
/// dropout 0, ReLU, ε = 1e-5, Glorot-uniform kernels, zero biases, `normalizeFirst` false.
///
/// A padding mask (`[batch, steps]`, from ``Embedding`` with `maskZero` or ``Masking``) reaches the
/// self-attention as KerasHub's does: as the mask of both its query and its value, so no step attends
/// to padding and a padding step attends to nothing (its attention output is the projection's bias).
/// The mask is passed on.
///
/// ```swift
/// let tokens = Input(shape: [20, 32])
/// let encoded = try TransformerEncoder(intermediateDim: 64, numHeads: 4)(tokens)   // [batch, 20, 32]
/// ```
public final class TransformerEncoder: Layer, CompositeLayer {
    public var name: String { didSet { nameSublayers() } }
    public var typeName: String { "TransformerEncoder" }
    /// The width of the feed-forward network's hidden layer.
    public let intermediateDim: Int
    public let numHeads: Int
    /// The rate of every dropout in the block: attention scores, attention output, feed-forward output.
    public let dropout: Float
    /// The feed-forward network's hidden activation.
    public let activation: Activation
    public let layerNormEpsilon: Float
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    /// Whether each sub-block normalises its input (pre-norm) rather than its residual sum (post-norm).
    public let normalizeFirst: Bool
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?

    public private(set) var selfAttentionLayer: MultiHeadAttention?
    public private(set) var selfAttentionLayerNorm: LayerNormalization?
    public private(set) var selfAttentionDropout: Dropout?
    public private(set) var feedforwardLayerNorm: LayerNormalization?
    public private(set) var feedforwardIntermediateDense: Dense?
    public private(set) var feedforwardOutputDense: Dense?
    public private(set) var feedforwardDropout: Dropout?

    public init(intermediateDim: Int, numHeads: Int, dropout: Float = 0, activation: Activation = .relu,
                layerNormEpsilon: Float = 1e-5, kernelInitializer: Initializer = .glorotUniform,
                biasInitializer: Initializer = .zeros, normalizeFirst: Bool = false,
                inputShape: [Int]? = nil, name: String = "") {
        self.intermediateDim = intermediateDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.activation = activation
        self.layerNormEpsilon = layerNormEpsilon
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.normalizeFirst = normalizeFirst
        self.declaredInputShape = inputShape
        self.name = name
    }

    /// The sub-layers with their KerasHub names, in KerasHub's order of creation (that of the weights).
    private var namedSublayers: [(String, any GraphLayer)] {
        let named: [(String, (any GraphLayer)?)] = [
            ("self_attention_layer", selfAttentionLayer), ("self_attention_layer_norm", selfAttentionLayerNorm),
            ("self_attention_dropout", selfAttentionDropout), ("feedforward_layer_norm", feedforwardLayerNorm),
            ("feedforward_intermediate_dense", feedforwardIntermediateDense),
            ("feedforward_output_dense", feedforwardOutputDense), ("feedforward_dropout", feedforwardDropout),
        ]
        return named.compactMap { local, layer in layer.map { (local, $0) } }
    }

    private func nameSublayers() { for (local, layer) in namedSublayers { layer.name = sublayerName(local) } }

    public var sublayers: [any GraphLayer] { namedSublayers.map(\.1) }
    public var parameters: [Parameter] { sublayers.flatMap(\.parameters) }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try TransformerSettings.check(self, intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout,
                                      epsilon: layerNormEpsilon, sequence: inputShape, role: "input")
        if let built = self.inputShape, built.last != inputShape.last {
            throw DendriteError.shape("\(name): TransformerEncoder built for \(built.last ?? 0) features, got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let features = inputShape[1]
        let attention = MultiHeadAttention(numHeads: numHeads, keyDim: features / numHeads, dropout: dropout,
                                           kernelInitializer: kernelInitializer, biasInitializer: biasInitializer)
        let (attentionNorm, feedforwardNorm) = (LayerNormalization(epsilon: layerNormEpsilon), LayerNormalization(epsilon: layerNormEpsilon))
        let intermediate = Dense(intermediateDim, activation: activation, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer)
        let output = Dense(features, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer)
        (selfAttentionLayer, selfAttentionLayerNorm, selfAttentionDropout) = (attention, attentionNorm, Dropout(dropout))
        (feedforwardLayerNorm, feedforwardIntermediateDense) = (feedforwardNorm, intermediate)
        (feedforwardOutputDense, feedforwardDropout) = (output, Dropout(dropout))
        nameSublayers()
        // KerasHub's build order, which is that of the weights and of the random draws.
        try attention.build(inputShapes: [inputShape, inputShape], generator: &generator)
        try attentionNorm.build(inputShape: inputShape, generator: &generator)
        try selfAttentionDropout?.build(inputShape: inputShape, generator: &generator)
        try feedforwardNorm.build(inputShape: inputShape, generator: &generator)
        try intermediate.build(inputShape: inputShape, generator: &generator)
        try output.build(inputShape: [inputShape[0], intermediateDim], generator: &generator)
        try feedforwardDropout?.build(inputShape: inputShape, generator: &generator)
        self.inputShape = inputShape
    }

    public var supportsMasking: Bool { true }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { self(input, mask: nil, training: training) }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        guard let selfAttentionLayer, let selfAttentionLayerNorm, let selfAttentionDropout, let feedforwardLayerNorm,
              let feedforwardIntermediateDense, let feedforwardOutputDense, let feedforwardDropout else {
            preconditionFailure("\(name): TransformerEncoder used before build")
        }
        let residual = TransformerSettings.residual(normalizeFirst: normalizeFirst, training: training)
        let attended = residual(input, selfAttentionLayerNorm, selfAttentionDropout) {
            selfAttentionLayer.call([$0, $0], masks: [mask, mask], training: training)[0]
        }
        return residual(attended, feedforwardLayerNorm, feedforwardDropout) {
            feedforwardOutputDense(feedforwardIntermediateDense($0, training: training), training: training)
        }
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable,
                           settings: TransformerSettings.configuration(
                            intermediateDim: intermediateDim, numHeads: numHeads, dropout: dropout, activation: activation,
                            layerNormEpsilon: layerNormEpsilon, kernelInitializer: kernelInitializer,
                            biasInitializer: biasInitializer, normalizeFirst: normalizeFirst).merging([
                                "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
                            ]) { $1 })
    }

    /// Reads KerasHub's keys.
    public convenience init(configuration: LayerConfiguration) throws {
        let settings = try TransformerSettings(configuration)
        self.init(intermediateDim: settings.intermediateDim, numHeads: settings.numHeads, dropout: settings.dropout,
                  activation: settings.activation, layerNormEpsilon: settings.layerNormEpsilon,
                  kernelInitializer: settings.kernelInitializer, biasInitializer: settings.biasInitializer,
                  normalizeFirst: settings.normalizeFirst, inputShape: try configuration.shape("input_shape"),
                  name: configuration.name)
    }
}

/// KerasHub keeps each sub-layer under its private attribute: `_self_attention_layer/query_dense/vars/0`, ….
extension TransformerEncoder: KerasWeightLayout {
    public var kerasWeightPaths: [String] {
        namedSublayers.flatMap { local, layer in KerasWeightPaths.nested(layer, under: "_\(local)/") }
    }
}
