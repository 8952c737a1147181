import DendriteCore

/// The rectified linear unit as a layer, with Keras' three settings (Keras' `ReLU`):
///
/// ```
/// f(x) = min(x, maxValue)              for x > threshold
/// f(x) = negativeSlope · (x − threshold)  otherwise
/// ```
///
/// Defaults follow Keras: no maximum, slope 0, threshold 0 (plain `max(x, 0)`). All three must be
/// ≥ 0. Any shape: `[batch, …] → [batch, …]`.
public final class ReLU: Layer {
    public var name: String
    public var typeName: String { "ReLU" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let maxValue: Float?
    public let negativeSlope: Float
    public let threshold: Float
    public private(set) var inputShape: [Int]?

    public init(maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0, name: String = "") {
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let settings = [("maxValue", maxValue ?? 0), ("negativeSlope", negativeSlope), ("threshold", threshold)]
        if let (setting, value) = settings.first(where: { !($0.1 >= 0) }) {
            throw DendriteError.argument("\(name): ReLU \(setting) must be ≥ 0, got \(value)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    /// Composed as Keras composes it, so the derivative at the kinks is Keras' too.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        if maxValue == nil, threshold == 0 {
            return negativeSlope == 0 ? input.relu() : input.leakyRelu(slope: negativeSlope)
        }
        var positive = threshold == 0 ? input.relu() : input * (input .> threshold)
        if let maxValue { positive = positive.clamped(to: 0, maxValue) }
        guard negativeSlope != 0 else { return positive }
        return positive - negativeSlope * (threshold - input).relu()
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "max_value": maxValue.map(JSONValue.float) ?? .null,
            "negative_slope": .float(negativeSlope),
            "threshold": .float(threshold),
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        let maxValue = configuration.settings["max_value"] ?? .null
        self.init(maxValue: maxValue == .null ? nil : try configuration.float("max_value"),
                  negativeSlope: try configuration.float("negative_slope"), threshold: try configuration.float("threshold"),
                  name: configuration.name)
    }
}
