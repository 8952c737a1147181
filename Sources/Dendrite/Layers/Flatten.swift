import DendriteCore

/// Flattens every axis but the batch axis: `[batch, a, b, …] → [batch, a·b·…]`.
public final class Flatten: Layer {
    public var name: String
    public var typeName: String { "Flatten" }
    public private(set) var inputShape: [Int]?

    public init(name: String = "") { self.name = name }

    public var parameters: [Parameter] { [] }
    public func outputShape(for inputShape: [Int]) throws -> [Int] { [try ResourceLimits.count(inputShape, name)] }
    public func build(inputShape: [Int], generator: inout RandomGenerator) throws { self.inputShape = inputShape }
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input.reshaped([input.shape.first ?? 1, -1])
    }
    public var configuration: LayerConfiguration { LayerConfiguration(type: typeName, name: name) }
    public convenience init(configuration: LayerConfiguration) throws { self.init(name: configuration.name) }
}
