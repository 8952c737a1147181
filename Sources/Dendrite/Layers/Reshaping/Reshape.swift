import DendriteCore

/// Gives each sample a new shape with the same number of elements: `[batch, …] → [batch] + targetShape`.
/// One size may be -1 and is then inferred (Keras' `Reshape`).
///
/// ```swift
/// Reshape([8, 8, 1])    // 64 features → an 8×8 one-channel image
/// ```
public final class Reshape: Layer {
    public var name: String
    public var typeName: String { "Reshape" }
    public let targetShape: [Int]
    public private(set) var inputShape: [Int]?

    public init(_ targetShape: [Int], name: String = "") {
        self.targetShape = targetShape
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let count = try ResourceLimits.count(inputShape, name)
        let unknown = targetShape.indices.filter { targetShape[$0] == -1 }
        let known = targetShape.filter { $0 != -1 }
        guard unknown.count <= 1, known.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.argument("\(name): Reshape target \(targetShape) must have positive sizes and at most one -1")
        }
        let knownCount = try ResourceLimits.count(known, "\(name): target")
        guard unknown.isEmpty ? knownCount == count : count % knownCount == 0 else {
            throw DendriteError.shape("\(name): cannot reshape samples of shape \(inputShape) (\(count) elements) to \(targetShape)")
        }
        var resolved = targetShape
        if let index = unknown.first { resolved[index] = count / knownCount }
        return resolved
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input.reshaped([input.shape.first ?? 1] + targetShape)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable,
                           settings: ["target_shape": .array(targetShape.map(JSONValue.int))])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.integers("target_shape"), name: configuration.name)
    }
}
