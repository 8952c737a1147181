import DendriteCore

/// The largest value of each channel over the whole image: `[batch, height, width, c] → [batch, c]`. Ties share the gradient evenly.
public final class GlobalMaxPooling2D: Layer {
    public var name: String
    public var typeName: String { "GlobalMaxPooling2D" }
    public private(set) var inputShape: [Int]?

    public init(name: String = "") { self.name = name }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try SlidingWindow.checkImage(layer: name, type: typeName, inputShape: inputShape)
        return [inputShape[2]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input.max(alongAxes: [1, 2]) }

    public var configuration: LayerConfiguration { LayerConfiguration(type: typeName, name: name, trainable: trainable) }
    public convenience init(configuration: LayerConfiguration) throws { self.init(name: configuration.name) }
}
