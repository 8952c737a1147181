import DendriteCore

/// Marks time steps to skip (Keras' `Masking`): a step whose features all equal `maskValue` is
/// padding. The layer makes the mask
///
///     mask[b, t] = 1 if any(input[b, t, :] ≠ maskValue) else 0
///
/// and outputs `input · mask` (padding steps become zeros), carrying the mask to the layers that
/// follow (see docs/masks.md). Shapes: input `[batch, steps, features]` (or more axes after the
/// steps), output the same, mask `[batch, steps]`. Default `maskValue` 0, as Keras.
///
/// ```swift
/// Sequential {
///     Masking(maskValue: 0, inputShape: [20, 3])
///     LSTM(16)
///     Dense(1)
/// }
/// ```
public final class Masking: Layer, MaskSource {
    public var name: String
    public var typeName: String { "Masking" }
    /// The value that marks a padding step when every feature of the step has it.
    public let maskValue: Float
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?

    public init(maskValue: Float = 0, inputShape: [Int]? = nil, name: String = "") {
        self.maskValue = maskValue
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { [] }
    public var supportsMasking: Bool { true }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2 else {
            throw DendriteError.shape("\(name): Masking expects samples of shape [steps, features, …], got \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    /// `[batch, steps]`: 1 where some feature of the step differs from `maskValue`.
    func stepMask(_ input: Tensor) -> Tensor {
        let differs = (input .!= maskValue).reshaped([input.shape[0], input.shape[1], -1])
        return differs.max(alongAxes: [2])
    }

    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { [stepMask(inputs[0])] }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input * stepMask(input).maskBroadcasting(over: input)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, settings: [
            "mask_value": .float(maskValue),
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(maskValue: try configuration.float("mask_value"), inputShape: try configuration.shape("input_shape"),
                  name: configuration.name)
    }
}
