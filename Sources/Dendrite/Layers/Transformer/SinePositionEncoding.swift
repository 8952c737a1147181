import DendriteCore
import Foundation

/// The fixed sinusoidal position encoding of "Attention Is All You Need" (KerasHub's
/// `keras_hub.layers.SinePositionEncoding`): for an input of `[batch, steps, features]` it returns
///
///     output[b, t, i] = sin(t · ω_i) for even i,  cos(t · ω_i) for odd i,
///     ω_i = maxWavelength^(−2⌊i/2⌋ / features)
///
/// repeated over the batch; it adds nothing itself, so it is used as `x + SinePositionEncoding()(x)`.
/// The input's values are not read, only its shape, so no gradient flows back. No weights. Shapes:
/// input `[batch, …, steps, features]`, output as input. Default (KerasHub): `maxWavelength` 10000.
/// KerasHub's `start_index` and `positions` call arguments are not supported: positions count from 0.
///
/// ```swift
/// let tokens = Input(shape: [10, 16])
/// let positioned = try Add()([tokens, try SinePositionEncoding()(tokens)])
/// ```
public final class SinePositionEncoding: Layer {
    public var name: String
    public var typeName: String { "SinePositionEncoding" }
    /// The longest wavelength, that of the last pair of features.
    public let maxWavelength: Float
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?

    public init(maxWavelength: Float = 10000, inputShape: [Int]? = nil, name: String = "") {
        self.maxWavelength = maxWavelength
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard maxWavelength > 0, maxWavelength.isFinite else {
            throw DendriteError.argument("\(name): SinePositionEncoding needs a finite maxWavelength > 0, got \(maxWavelength)")
        }
        guard inputShape.count >= 2, inputShape.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.shape("\(name): SinePositionEncoding takes sequences [steps, features], got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    /// The encoding of `steps` positions over `features`, `[steps, features]`, computed in double precision.
    func encoding(steps: Int, features: Int) -> Tensor {
        let lowestFrequency = 1 / Double(maxWavelength)
        let values = (0..<steps * features).map { index -> Float in
            let (position, feature) = (index / features, index % features)
            let angle = Double(position) * pow(lowestFrequency, Double(2 * (feature / 2)) / Double(features))
            return Float(feature % 2 == 0 ? sin(angle) : cos(angle))
        }
        return Tensor(shape: [steps, features], scalars: values)
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.rank >= 3, "\(name): SinePositionEncoding takes [batch, …, steps, features], got \(input.shape)")
        return encoding(steps: input.shape[input.rank - 2], features: input.shape[input.rank - 1]).broadcast(to: input.shape)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "max_wavelength": .float(maxWavelength),
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(maxWavelength: try configuration.float("max_wavelength"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
