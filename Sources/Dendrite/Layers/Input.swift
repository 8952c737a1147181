import DendriteCore

/// Declares the shape of one sample (without the batch axis) of a model input, as Keras' `Input`.
///
/// It is both the start of a functional model (a ``SymbolicTensor`` to call layers on) and, inside
/// `Sequential { … }`, a layer that fixes the sample shape. It has no weights and passes its
/// input through.
public final class Input: SymbolicTensor, Layer {
    public var name: String
    public var typeName: String { "InputLayer" }
    public private(set) var inputShape: [Int]?

    public init(shape: [Int], name: String = "") {
        self.name = name
        super.init(shape: shape, node: nil, outputIndex: 0)
    }

    public var declaredInputShape: [Int]? { shape }
    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        _ = try ResourceLimits.current.requireTensor(shape, "\(name): one sample")
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
