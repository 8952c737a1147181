import DendriteCore

/// A learned embedding of each position of a sequence (KerasHub's `keras_hub.layers.PositionEmbedding`):
/// it returns, for an input of `[batch, steps, features]`, the first `steps` rows of its trainable table
/// repeated over the batch; it adds nothing itself, so it is used as `x + PositionEmbedding(…)(x)`:
///
///     output[b, t, :] = embeddings[t, :]      (the input's values are not read, only its shape)
///
/// Shapes: input `[batch, …, steps, features]` with `steps` ≤ `sequenceLength`; `embeddings`
/// `[sequenceLength, features]`, KerasHub's weight name; output as input. Default initializer
/// (KerasHub): Glorot-uniform. KerasHub's `start_index` and `positions` call arguments are not
/// supported: positions count from 0.
///
/// ```swift
/// let tokens = Input(shape: [10, 16])
/// let positioned = try Add()([tokens, try PositionEmbedding(sequenceLength: 32)(tokens)])
/// ```
public final class PositionEmbedding: Layer {
    public var name: String
    public var typeName: String { "PositionEmbedding" }
    /// The longest sequence the table covers.
    public let sequenceLength: Int
    public let initializer: Initializer
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var embeddings: Parameter?

    public init(sequenceLength: Int, initializer: Initializer = .glorotUniform, inputShape: [Int]? = nil, name: String = "") {
        self.sequenceLength = sequenceLength
        self.initializer = initializer
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { embeddings.map { [$0] } ?? [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard sequenceLength > 0 else {
            throw DendriteError.argument("\(name): PositionEmbedding needs sequenceLength ≥ 1, got \(sequenceLength)")
        }
        guard inputShape.count >= 2, inputShape.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.shape("\(name): PositionEmbedding takes sequences [steps, features], got shape \(inputShape)")
        }
        let (steps, features) = (inputShape[inputShape.count - 2], inputShape[inputShape.count - 1])
        guard steps <= sequenceLength else {
            throw DendriteError.shape("\(name): PositionEmbedding covers \(sequenceLength) positions, got a sequence of \(steps) steps (shape \(inputShape))")
        }
        if let built = self.inputShape, built.last != features {
            throw DendriteError.shape("\(name): PositionEmbedding built for \(built.last ?? 0) features, got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        embeddings = Parameter(name: "\(name).embeddings",
                               value: try initializer.make([sequenceLength, inputShape[inputShape.count - 1]], using: &generator))
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let embeddings else { preconditionFailure("\(name): PositionEmbedding used before build") }
        let steps = input.shape[input.rank - 2]
        precondition(input.rank >= 3 && steps <= sequenceLength && input.shape.last == embeddings.value.shape[1],
                     "\(name): PositionEmbedding with table \(embeddings.value.shape) does not fit input \(input.shape)")
        return embeddings.value.slice(alongAxis: 0, 0..<steps).broadcast(to: input.shape)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "sequence_length": .int(sequenceLength),
            "initializer": initializer.configuration,
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(sequenceLength: try configuration.int("sequence_length"),
                  initializer: try configuration.initializer("initializer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
