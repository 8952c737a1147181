import DendriteCore

/// Reorders the axes of each sample (Keras' `Permute`). `dims` counts the sample's axes from 1, as
/// Keras does (the batch axis stays first): axis `i` of the output is axis `dims[i]` of the input.
///
/// ```swift
/// Permute([2, 1])    // [batch, steps, features] → [batch, features, steps]
/// ```
public final class Permute: Layer {
    public var name: String
    public var typeName: String { "Permute" }
    public let dims: [Int]
    public private(set) var inputShape: [Int]?

    public init(_ dims: [Int], name: String = "") {
        self.dims = dims
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard dims.sorted() == Array(1...max(dims.count, 1)) else {
            throw DendriteError.argument("\(name): Permute dims must be a permutation of 1…\(dims.count) (the sample's axes, counted from 1), got \(dims)")
        }
        guard dims.count == inputShape.count else {
            throw DendriteError.shape("\(name): Permute dims \(dims) reorder \(dims.count) axes, but samples have shape \(inputShape)")
        }
        return dims.map { inputShape[$0 - 1] }
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input.permuted([0] + dims) }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["dims": .array(dims.map(JSONValue.int))])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.integers("dims"), name: configuration.name)
    }
}
