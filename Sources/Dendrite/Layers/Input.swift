import DendriteCore

/// Declares the shape of one sample (without the batch axis) at the start of a model, as Keras'
/// `Input(shape:)`. It has no weights and passes its input through.
public final class Input: Layer {
    public var name: String
    public var typeName: String { "InputLayer" }
    public let shape: [Int]
    public private(set) var inputShape: [Int]?

    public init(shape: [Int], name: String = "") {
        self.shape = shape
        self.name = name
    }

    public var declaredInputShape: [Int]? { shape }
    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape == shape else {
            throw DendriteError.shape("\(name): expected samples of shape \(shape), got \(inputShape)")
        }
        return shape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input }
    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, settings: ["shape": .array(shape.map(JSONValue.int))])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        guard let shape = try configuration.shape("shape") else { throw configuration.problem("shape", "is missing") }
        self.init(shape: shape, name: configuration.name)
    }
}
