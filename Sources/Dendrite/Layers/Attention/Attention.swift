import DendriteCore

/// Dot-product (Luong-style) attention, Keras' `Attention`: for each query step, a softmax over the key
/// steps of their scores weighs the value steps,
///
///     "dot":     scores = s · query·keyᵀ
///     "concat":  scores[i, j] = c · Σ_d tanh(s · (query[i, d] + key[j, d]))
///     output   = dropout(softmax(scores))·value
///
/// with s the trainable `scale` (a scalar, 1 at first) when `useScale` is on and 1 otherwise, and c the
/// trainable `concat_score_weight` (a scalar, 1 at first) of the "concat" mode. Inputs `[query, value]`
/// or `[query, value, key]` (the key defaults to the value); see ``ScoreAttention`` for the shapes,
/// `useCausalMask` and the second output of `returnAttentionScores` (here settings of the layer, Keras'
/// call arguments). Defaults (Keras): no scale, "dot", dropout 0. Weights, Keras' names: `scale` `[]`,
/// `concat_score_weight` `[]`.
///
/// ```swift
/// let (query, value) = (Input(shape: [4, 8]), Input(shape: [6, 8]))
/// let attended = try Attention(useScale: true)([query, value])     // [batch, 4, 8]
/// ```
public final class Attention: ScoreAttention {
    /// How a query step and a key step are scored (Keras' `score_mode`).
    public enum ScoreMode: String, Sendable {
        /// The scaled dot product.
        case dot
        /// Summed tanh of their sum, scaled.
        case concat
    }

    public var name: String { didSet { dropoutLayer?.name = sublayerName("dropout") } }
    public var typeName: String { "Attention" }
    public let useScale: Bool
    public let scoreMode: ScoreMode
    /// Fraction of attention weights dropped while training, in [0, 1].
    public let dropout: Float
    public let useCausalMask: Bool
    public let returnAttentionScores: Bool
    let dropoutLayer: Dropout?
    public private(set) var inputShapes: [[Int]]?
    public private(set) var scale: Parameter?
    public private(set) var concatScoreWeight: Parameter?

    public init(useScale: Bool = false, scoreMode: ScoreMode = .dot, dropout: Float = 0, useCausalMask: Bool = false,
                returnAttentionScores: Bool = false, name: String = "") {
        self.useScale = useScale
        self.scoreMode = scoreMode
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
    public var parameters: [Parameter] { [scale, concatScoreWeight].compactMap { $0 } }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try attentionOutputShapes(inputShapes, dropout: dropout)
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        _ = try outputShapes(for: inputShapes)
        if useScale { scale = Parameter(name: "\(name).scale", value: .ones([])) }
        if scoreMode == .concat { concatScoreWeight = Parameter(name: "\(name).concat_score_weight", value: .ones([])) }
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
        switch scoreMode {
        case .dot:
            let products = matmul(query, key.transposed())
            return scale.map { products * $0.value } ?? products
        case .concat:
            let (batch, queries, keys, depth) = (query.shape[0], query.shape[1], key.shape[1], query.shape[2])
            var sums = query.reshaped([batch, queries, 1, depth]) + key.reshaped([batch, 1, keys, depth])
            if let scale { sums = sums * scale.value }
            let scores = sums.tanh().sum(alongAxis: -1)
            return concatScoreWeight.map { scores * $0.value } ?? scores
        }
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "use_scale": .bool(useScale),
            "score_mode": .string(scoreMode.rawValue),
            "dropout": .float(dropout),
            "use_causal_mask": .bool(useCausalMask),
            "return_attention_scores": .bool(returnAttentionScores),
        ])
    }

    /// Reads Keras' keys (`seed` is ignored: dropout draws from the model's generator); `use_causal_mask`
    /// and `return_attention_scores` (Keras' call arguments) default to false.
    public convenience init(configuration: LayerConfiguration) throws {
        let mode = try configuration.string("score_mode")
        guard let scoreMode = ScoreMode(rawValue: mode) else {
            throw configuration.problem("score_mode", "must be \"dot\" or \"concat\", got \"\(mode)\"")
        }
        func flag(_ key: String) throws -> Bool { configuration.settings[key] == nil ? false : try configuration.bool(key) }
        self.init(useScale: try configuration.bool("use_scale"), scoreMode: scoreMode,
                  dropout: try configuration.float("dropout"), useCausalMask: try flag("use_causal_mask"),
                  returnAttentionScores: try flag("return_attention_scores"), name: configuration.name)
    }
}
