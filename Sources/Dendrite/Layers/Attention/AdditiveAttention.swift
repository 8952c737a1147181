import DendriteCore

/// Additive (Bahdanau-style) attention, Keras' `AdditiveAttention`:
///
///     scores[i, j] = Σ_d s[d] · tanh(query[i, d] + key[j, d])
///     output       = dropout(softmax(scores))·value
///
/// with s the trainable `scale` `[dim]` (Glorot-uniform at first) when `useScale` is on (the default)
/// and 1 otherwise. Inputs `[query, value]` or `[query, value, key]` (the key defaults to the value);
/// see ``ScoreAttention`` for the shapes, `useCausalMask` and the second output of
/// `returnAttentionScores` (here settings of the layer, Keras' call arguments). Defaults (Keras):
/// scale on, dropout 0.
///
/// ```swift
/// let (query, value) = (Input(shape: [4, 8]), Input(shape: [6, 8]))
/// let attended = try AdditiveAttention()([query, value])     // [batch, 4, 8]
/// ```
public final class AdditiveAttention: ScoreAttention {
    public var name: String { didSet { dropoutLayer?.name = sublayerName("dropout") } }
    public var typeName: String { "AdditiveAttention" }
    public let useScale: Bool
    /// Fraction of attention weights dropped while training, in [0, 1].
    public let dropout: Float
    public let useCausalMask: Bool
    public let returnAttentionScores: Bool
    let dropoutLayer: Dropout?
    public private(set) var inputShapes: [[Int]]?
    public private(set) var scale: Parameter?

    public init(useScale: Bool = true, dropout: Float = 0, useCausalMask: Bool = false,
                returnAttentionScores: Bool = false, name: String = "") {
        self.useScale = useScale
        self.dropout = dropout
        self.useCausalMask = useCausalMask
        self.returnAttentionScores = returnAttentionScores
        self.dropoutLayer = dropout > 0 ? Dropout(dropout) : nil
        self.name = name
        dropoutLayer?.name = sublayerName("dropout")
    }

    public var isBuilt: Bool { inputShapes != nil }
    public var sublayers: [any GraphLayer] { dropoutLayer.map { [$0] } ?? [] }
    var builtDepth: Int? { inputShapes?[0][1] }
    public var parameters: [Parameter] { scale.map { [$0] } ?? [] }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try attentionOutputShapes(inputShapes, dropout: dropout)
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        _ = try outputShapes(for: inputShapes)
        if useScale {
            scale = Parameter(name: "\(name).scale", value: try Initializer.glorotUniform.make([inputShapes[0][1]], using: &generator))
        }
        try buildDropout(inputShapes, generator: &generator)
        self.inputShapes = inputShapes
    }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        attend(inputs, masks: Array(repeating: nil, count: inputs.count), training: training)
    }

    /// Takes the query's and the value's masks (see ``ScoreAttention``) and passes the query's on.
    public var supportsMasking: Bool { true }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { attentionOutputMasks(masks) }
    public func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        attend(inputs, masks: masks, training: training)
    }

    func scores(query: Tensor, key: Tensor) -> Tensor {
        let (batch, queries, keys, depth) = (query.shape[0], query.shape[1], key.shape[1], query.shape[2])
        let terms = (query.reshaped([batch, queries, 1, depth]) + key.reshaped([batch, 1, keys, depth])).tanh()
        return (scale.map { terms * $0.value } ?? terms).sum(alongAxis: -1)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "use_scale": .bool(useScale),
            "dropout": .float(dropout),
            "use_causal_mask": .bool(useCausalMask),
            "return_attention_scores": .bool(returnAttentionScores),
        ])
    }

    /// Reads Keras' keys (`seed` is ignored: dropout draws from the model's generator); `use_causal_mask`
    /// and `return_attention_scores` (Keras' call arguments) default to false.
    public convenience init(configuration: LayerConfiguration) throws {
        func flag(_ key: String) throws -> Bool { configuration.settings[key] == nil ? false : try configuration.bool(key) }
        self.init(useScale: try configuration.bool("use_scale"), dropout: try configuration.float("dropout"),
                  useCausalMask: try flag("use_causal_mask"), returnAttentionScores: try flag("return_attention_scores"),
                  name: configuration.name)
    }
}
