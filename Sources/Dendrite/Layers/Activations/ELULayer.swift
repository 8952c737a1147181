import DendriteCore

/// Exponential linear unit as a layer (Keras' `ELU`): `f(x) = x` for x > 0, `alpha · (eˣ − 1)`
/// otherwise. Default `alpha` 1, as Keras. Any shape: `[batch, …] → [batch, …]`.
public final class ELU: Layer {
    public var name: String
    public var typeName: String { "ELU" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let alpha: Float
    public private(set) var inputShape: [Int]?

    public init(alpha: Float = 1, name: String = "") {
        self.alpha = alpha
        self.name = name
    }

    public var parameters: [Parameter] { [] }
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    public func build(inputShape: [Int], generator: inout RandomGenerator) throws { self.inputShape = inputShape }
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input.elu(alpha: alpha) }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["alpha": .float(alpha)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(alpha: try configuration.float("alpha"), name: configuration.name)
    }
}
