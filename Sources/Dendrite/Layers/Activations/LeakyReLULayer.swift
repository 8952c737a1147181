import DendriteCore

/// Leaky rectified linear unit as a layer (Keras' `LeakyReLU`): `f(x) = x` for x > 0,
/// `negativeSlope · x` otherwise. Keras' default slope is 0.3 (the `.leakyRelu` activation's is
/// 0.01, as PyTorch's). Any shape: `[batch, …] → [batch, …]`.
public final class LeakyReLU: Layer {
    public var name: String
    public var typeName: String { "LeakyReLU" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let negativeSlope: Float
    public private(set) var inputShape: [Int]?

    public init(negativeSlope: Float = 0.3, name: String = "") {
        self.negativeSlope = negativeSlope
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard negativeSlope >= 0 else {
            throw DendriteError.argument("\(name): LeakyReLU negativeSlope must be ≥ 0, got \(negativeSlope)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input.leakyRelu(slope: negativeSlope) }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["negative_slope": .float(negativeSlope)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(negativeSlope: try configuration.float("negative_slope"), name: configuration.name)
    }
}
