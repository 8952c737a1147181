import DendriteCore

/// Token embedding plus learned position embedding (KerasHub's
/// `keras_hub.layers.TokenAndPositionEmbedding`):
///
///     output[b, t, :] = tokens[id[b, t], :] + positions[t, :]
///
/// Two sub-layers with KerasHub's names: `<name>.token_embedding`, an ``Embedding`` of
/// `vocabularySize` rows, and `<name>.position_embedding`, a ``PositionEmbedding`` of
/// `sequenceLength` rows; both tables start from `embeddingsInitializer`. Weights in KerasHub's
/// order: `token_embedding.embeddings` `[vocabularySize, embeddingDim]`, `position_embedding.embeddings`
/// `[sequenceLength, embeddingDim]`. Shapes: input `[batch, steps]` of integer ids in
/// `0..<vocabularySize` (as Float), `steps` ≤ `sequenceLength`; output `[batch, steps, embeddingDim]`.
/// Default initializer (KerasHub): uniform in [−0.05, 0.05]. KerasHub's `tie_weights` (which only
/// matters for its reverse projection) is always true here. With `maskZero`, id 0 is padding and the
/// output carries the mask `ids ≠ 0` (KerasHub's `mask_zero`; see docs/masks.md).
///
/// ```swift
/// let ids = Input(shape: [20])
/// let embedded = try TokenAndPositionEmbedding(vocabularySize: 5000, sequenceLength: 20, embeddingDim: 32)(ids)
/// ```
public final class TokenAndPositionEmbedding: Layer, CompositeLayer, MaskSource {
    public var name: String { didSet { nameSublayers() } }
    public var typeName: String { "TokenAndPositionEmbedding" }
    public let vocabularySize: Int
    public let sequenceLength: Int
    public let embeddingDim: Int
    public let embeddingsInitializer: Initializer
    /// Whether id 0 is padding, masked out for the layers that follow.
    public let maskZero: Bool
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    /// KerasHub's `token_embedding`.
    public let tokenEmbedding: Embedding
    /// KerasHub's `position_embedding`.
    public let positionEmbedding: PositionEmbedding

    public init(vocabularySize: Int, sequenceLength: Int, embeddingDim: Int,
                embeddingsInitializer: Initializer = .randomUniform(low: -0.05, high: 0.05), maskZero: Bool = false,
                inputShape: [Int]? = nil, name: String = "") {
        self.maskZero = maskZero
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        self.embeddingDim = embeddingDim
        self.embeddingsInitializer = embeddingsInitializer
        self.declaredInputShape = inputShape
        self.tokenEmbedding = Embedding(vocabularySize, embeddingDim, embeddingsInitializer: embeddingsInitializer,
                                        maskZero: maskZero)
        self.positionEmbedding = PositionEmbedding(sequenceLength: sequenceLength, initializer: embeddingsInitializer)
        self.name = name
        nameSublayers()
    }

    private func nameSublayers() {
        tokenEmbedding.name = sublayerName("token_embedding")
        positionEmbedding.name = sublayerName("position_embedding")
    }

    public var sublayers: [any GraphLayer] { [tokenEmbedding, positionEmbedding] }
    public var parameters: [Parameter] { tokenEmbedding.parameters + positionEmbedding.parameters }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 1 else {
            throw DendriteError.shape("\(name): TokenAndPositionEmbedding takes sequences of ids [steps], got shape \(inputShape)")
        }
        let embedded = try tokenEmbedding.outputShape(for: inputShape)
        return try positionEmbedding.outputShape(for: embedded)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        let embedded = try outputShape(for: inputShape)
        try tokenEmbedding.build(inputShape: inputShape, generator: &generator)
        try positionEmbedding.build(inputShape: embedded, generator: &generator)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        let tokens = tokenEmbedding(input, training: training)
        return tokens + positionEmbedding(tokens, training: training)
    }

    /// `ids ≠ 0` with `maskZero`, else no mask.
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { tokenEmbedding.outputMasks(inputs, masks: masks) }

    /// Refuses ids outside the vocabulary (see ``Embedding/validate(input:)``).
    public func validate(input: Tensor) throws { try tokenEmbedding.validate(input: input) }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "vocabulary_size": .int(vocabularySize),
            "sequence_length": .int(sequenceLength),
            "embedding_dim": .int(embeddingDim),
            "embeddings_initializer": embeddingsInitializer.configuration,
            "tie_weights": .bool(true),
            "mask_zero": .bool(maskZero),
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    /// Reads KerasHub's keys; `tie_weights` must be true (or missing).
    public convenience init(configuration: LayerConfiguration) throws {
        if case .bool(false)? = configuration.settings["tie_weights"] {
            throw configuration.problem("tie_weights", "is not supported (only true)")
        }
        self.init(vocabularySize: try configuration.int("vocabulary_size"), sequenceLength: try configuration.int("sequence_length"),
                  embeddingDim: try configuration.int("embedding_dim"),
                  embeddingsInitializer: try configuration.initializer("embeddings_initializer"),
                  maskZero: try configuration.bool("mask_zero", default: false), inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}

/// KerasHub keeps the two tables under `token_embedding/vars/0` and `position_embedding/vars/0`.
extension TokenAndPositionEmbedding: KerasWeightLayout {
    public var kerasWeightPaths: [String] {
        KerasWeightPaths.nested(tokenEmbedding, under: "token_embedding/") + KerasWeightPaths.nested(positionEmbedding, under: "position_embedding/")
    }
}
