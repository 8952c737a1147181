import DendriteCore

/// Passes its input through unchanged (Keras' `Identity`): a placeholder where a model's structure
/// wants a layer but no computation. Any shape: `[batch, …] → [batch, …]`.
public final class Identity: Layer {
    public var name: String
    public var typeName: String { "Identity" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public private(set) var inputShape: [Int]?

    public init(name: String = "") { self.name = name }

    public var parameters: [Parameter] { [] }
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    public func build(inputShape: [Int], generator: inout RandomGenerator) throws { self.inputShape = inputShape }
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input }

    public var configuration: LayerConfiguration { LayerConfiguration(type: typeName, name: name, trainable: trainable) }
    public convenience init(configuration: LayerConfiguration) throws { self.init(name: configuration.name) }
}
