import DendriteCore

/// Turns integer ids into dense vectors by looking them up in a trainable table (Keras' `Embedding`).
///
/// Shapes: input `[batch, …]` of ids in `0..<inputDim`, stored as Float (e.g. `[batch, timesteps]`);
/// `embeddings` `[inputDim, outputDim]`; output `[batch, …, outputDim]`. Row `k` of the output is
/// row `id` of the table. The gradient adds each output row's gradient into the table row it came
/// from (a scatter-add), so rows of ids that do not occur get zero.
///
/// Default initialiser as Keras: uniform in [−0.05, 0.05).
///
/// With `maskZero: true`, id 0 is padding: the output carries the mask `ids ≠ 0` (`[batch, steps]`)
/// to the layers after it (recurrent layers skip those steps, pooling and attention leave them out,
/// the loss ignores them; see docs/masks.md). Row 0 of the table still exists and is looked up.
///
/// ```swift
/// Sequential {
///     Embedding(1000, 16, inputShape: [40])
///     LSTM(32)
///     Dense(1, activation: .sigmoid)
/// }
/// ```
public final class Embedding: Layer, MaskSource {
    public var name: String
    public var typeName: String { "Embedding" }
    /// Number of distinct ids (the size of the vocabulary).
    public let inputDim: Int
    /// Length of each vector.
    public let outputDim: Int
    public let embeddingsInitializer: Initializer
    public let embeddingsRegularizer: Regularizer?
    /// Whether id 0 is padding, masked out for the layers that follow.
    public let maskZero: Bool
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var embeddings: Parameter?

    public init(_ inputDim: Int, _ outputDim: Int,
                embeddingsInitializer: Initializer = .randomUniform(low: -0.05, high: 0.05),
                embeddingsRegularizer: Regularizer? = nil, maskZero: Bool = false, inputShape: [Int]? = nil,
                name: String = "") {
        self.maskZero = maskZero
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.embeddingsInitializer = embeddingsInitializer
        self.embeddingsRegularizer = embeddingsRegularizer
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { [embeddings].compactMap { $0 } }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputDim > 0, outputDim > 0 else {
            throw DendriteError.argument("\(name): Embedding needs inputDim and outputDim ≥ 1, got \(inputDim) and \(outputDim)")
        }
        return inputShape + [outputDim]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        embeddings = Parameter(name: "\(name).embeddings",
                               value: try embeddingsInitializer.make([inputDim, outputDim], using: &generator),
                               regularizer: embeddingsRegularizer)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let embeddings else { preconditionFailure("\(name): Embedding used before build") }
        let ids = input.scalars.map { value -> Int in
            // Models refuse bad ids with `validate(input:)` first; a direct call must pass valid ones.
            precondition(isID(value), "\(name): Embedding id \(value) is not an integer in 0..<\(inputDim)")
            return Int(value)
        }
        return embeddings.value.gathering(ids, alongAxis: 0).reshaped(input.shape + [outputDim])
    }

    /// `ids ≠ 0` with `maskZero`, else no mask.
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] {
        [maskZero ? inputs[0] .!= 0 : nil]
    }

    /// Refuses ids that are not integers in `0..<inputDim`, naming the layer, the value and its sample.
    public func validate(input: Tensor) throws {
        guard let index = input.scalars.firstIndex(where: { !isID($0) }) else { return }
        let perSample = Swift.max(input.count / Swift.max(input.shape.first ?? 1, 1), 1)
        throw DendriteError.data("\(name): Embedding input \(input.scalars[index]) in sample \(index / perSample) "
            + "is not an integer id in 0..<\(inputDim)")
    }

    private func isID(_ value: Float) -> Bool { value >= 0 && value < Float(inputDim) && value == value.rounded(.down) }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "input_dim": .int(inputDim), "output_dim": .int(outputDim),
            "embeddings_initializer": embeddingsInitializer.configuration,
            "embeddings_regularizer": embeddingsRegularizer?.configuration ?? .null, "mask_zero": .bool(maskZero),
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.int("input_dim"), try configuration.int("output_dim"),
                  embeddingsInitializer: try configuration.initializer("embeddings_initializer"),
                  embeddingsRegularizer: try configuration.regularizer("embeddings_regularizer"),
                  maskZero: try configuration.bool("mask_zero", default: false),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
