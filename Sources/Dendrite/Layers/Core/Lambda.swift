import DendriteCore

/// A layer made from a closure (Keras' `Lambda`), for quick experiments:
///
/// ```swift
/// Lambda { x in x * 2 }
/// Lambda(outputShape: { shape in [shape.reduce(1, *)] }) { x in x.reshaped([x.shape[0], -1]) }
/// ```
///
/// `function` maps a batch `[batch, …]` to a batch and must keep the batch axis. `outputShape` maps
/// a sample shape (without the batch axis) to the output's; without it the shape is found by
/// calling `function` on one sample of zeros.
///
/// A closure cannot be written to a file, so a model holding a `Lambda` cannot be saved: `save`
/// throws a ``DendriteError`` saying so (Keras stores Python bytecode instead and refuses to load
/// it in safe mode). For a layer that saves, conform a class to ``Layer`` and register it with
/// ``LayerRegistry``.
public final class Lambda: Layer, UnsavableLayer {
    public var name: String
    public var typeName: String { "Lambda" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let function: (Tensor) -> Tensor
    public let outputShapeFunction: (([Int]) -> [Int])?
    public private(set) var inputShape: [Int]?

    public init(name: String = "", outputShape: (([Int]) -> [Int])? = nil, _ function: @escaping (Tensor) -> Tensor) {
        self.name = name
        self.outputShapeFunction = outputShape
        self.function = function
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        if let outputShapeFunction {
            let shape = outputShapeFunction(inputShape)
            guard shape.allSatisfy({ $0 > 0 }) else {
                throw DendriteError.shape("\(name): Lambda's outputShape gave \(shape) for samples of shape \(inputShape); sizes must be positive")
            }
            return shape
        }
        let probe = GradientMode.disabled { function(Tensor.zeros([1] + inputShape)) }
        guard probe.rank >= 1, probe.shape[0] == 1 else {
            throw DendriteError.shape("\(name): Lambda's function turned a batch of 1 sample of shape \(inputShape) into shape \(probe.shape); it must keep the batch axis (or give outputShape)")
        }
        return Array(probe.shape.dropFirst())
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { function(input) }

    /// Describes the layer (for summaries and comparisons); it cannot rebuild it.
    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["function": "<Swift closure>"])
    }

    public var unsavableReason: String {
        "layer '\(name)' is a Lambda layer; Lambda layers cannot be saved because their Swift closure cannot be written to a file (write a Layer class and register it with LayerRegistry instead)"
    }

    /// Always throws: a closure cannot be read back from a file.
    public convenience init(configuration: LayerConfiguration) throws {
        throw DendriteError(.invalidFile, "layer '\(configuration.name)' (Lambda): Lambda layers cannot be saved or loaded, because their Swift closure cannot be stored in a file; write a Layer class and register it with LayerRegistry instead")
    }
}
