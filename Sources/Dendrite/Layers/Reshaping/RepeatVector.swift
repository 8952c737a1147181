import DendriteCore

/// Repeats each sample's feature vector `n` times (Keras' `RepeatVector`), e.g. to feed one encoding
/// to every step of a recurrent decoder: `[batch, features] → [batch, n, features]`.
public final class RepeatVector: Layer {
    public var name: String
    public var typeName: String { "RepeatVector" }
    public let n: Int
    public private(set) var inputShape: [Int]?

    public init(_ n: Int, name: String = "") {
        self.n = n
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard n > 0 else { throw DendriteError.argument("\(name): RepeatVector n must be positive, got \(n)") }
        guard inputShape.count == 1 else {
            throw DendriteError.shape("\(name): RepeatVector expects samples of shape [features], got \(inputShape)")
        }
        return [n, inputShape[0]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input.expandingDimensions(at: 1).broadcast(to: [input.shape[0], n, input.shape[1]])
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["n": .int(n)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.int("n"), name: configuration.name)
    }
}
