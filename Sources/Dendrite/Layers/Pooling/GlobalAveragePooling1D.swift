import DendriteCore

/// The mean of each channel over all steps of a channels-last sequence (Keras'
/// `GlobalAveragePooling1D`): `[batch, steps, c] → [batch, c]`, or `[batch, 1, c]` with `keepdims`
/// (default false, as Keras).
public final class GlobalAveragePooling1D: Layer {
    public var name: String
    public var typeName: String { "GlobalAveragePooling1D" }
    public let keepdims: Bool
    public private(set) var inputShape: [Int]?

    public init(keepdims: Bool = false, name: String = "") {
        self.keepdims = keepdims
        self.name = name
    }

    public var parameters: [Parameter] { [] }
    /// Takes a mask (leaving masked steps out of the mean) and gives none, as Keras.
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
        input.mean(alongAxes: [1], keepingDimensions: keepdims)
    }

    /// The mean over the unmasked steps, `Σ_t mask[t]·x[t] / Σ_t mask[t]` (NaN for a sample whose
    /// steps are all masked, as in Keras).
    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        guard let mask else { return self(input, training: training) }
        let weights = mask.maskBroadcasting(over: input)
        let kept = Tensor.select(weights, input, Tensor(0))
        return kept.sum(alongAxes: [1], keepingDimensions: keepdims) / weights.sum(alongAxes: [1], keepingDimensions: keepdims)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["keepdims": .bool(keepdims)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(keepdims: try configuration.bool("keepdims"), name: configuration.name)
    }
}
