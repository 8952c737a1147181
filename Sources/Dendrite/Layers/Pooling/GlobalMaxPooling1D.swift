import DendriteCore

/// The largest value of each channel over all steps of a channels-last sequence (Keras'
/// `GlobalMaxPooling1D`): `[batch, steps, c] → [batch, c]`, or `[batch, 1, c]` with `keepdims`
/// (default false, as Keras). The gradient goes to the maximum of each channel.
public final class GlobalMaxPooling1D: Layer {
    public var name: String
    public var typeName: String { "GlobalMaxPooling1D" }
    public let keepdims: Bool
    public private(set) var inputShape: [Int]?

    public init(keepdims: Bool = false, name: String = "") {
        self.keepdims = keepdims
        self.name = name
    }

    public var parameters: [Parameter] { [] }
    /// Takes a mask (leaving masked steps out of the maximum) and gives none. Keras 3 drops the
    /// mask here with a warning; Dendrite uses it, so padding never wins the maximum.
    public var supportsMasking: Bool { true }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { [nil] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try GlobalPooling1D.outputShape(layer: name, type: typeName, inputShape: inputShape, keepdims: keepdims)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input.max(alongAxes: [1], keepingDimensions: keepdims)
    }

    /// The maximum over the unmasked steps (−∞ for a sample whose steps are all masked).
    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        guard let mask else { return self(input, training: training) }
        let kept = Tensor.select(mask.maskBroadcasting(over: input), input, Tensor(-Float.infinity))
        return kept.max(alongAxes: [1], keepingDimensions: keepdims)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["keepdims": .bool(keepdims)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(keepdims: try configuration.bool("keepdims"), name: configuration.name)
    }
}
