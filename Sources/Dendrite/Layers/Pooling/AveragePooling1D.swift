import DendriteCore

/// 1-D average pooling of channels-last sequences: the mean of each window of `poolSize` steps
/// (Keras' `AveragePooling1D`). With `.same` padding the mean is over the steps inside the sequence
/// (the padding is not counted), as Keras on TensorFlow and JAX.
///
/// Shapes: `[batch, steps, c] → [batch, outSteps, c]` (`.valid`: ⌊(steps − pool) / stride⌋ + 1,
/// `.same`: ⌈steps / stride⌉). Defaults follow Keras: pool 2, stride = pool size, `.valid`.
public final class AveragePooling1D: Layer {
    public var name: String
    public var typeName: String { "AveragePooling1D" }
    public let poolSize: Int
    public let strides: Int
    public let padding: Padding
    public private(set) var inputShape: [Int]?

    public init(_ poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let steps = try SlidingWindow.axis(layer: name, type: typeName, inputShape: inputShape, window: poolSize,
                                           stride: strides, padding: padding, windowLabel: "pool")
        return [steps.output, inputShape[1]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    /// The 2-D pooling op on sequences seen as images one row high.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        avgPool2d(input.expandingDimensions(at: 1), poolSize: (1, poolSize), strides: (1, strides), padding: padding)
            .squeezed(axis: 1)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "pool_size": [.int(poolSize)],
            "strides": [.int(strides)],
            "padding": .string(padding.rawValue),
        ])
    }

    /// Keras writes `"strides": null` for strides equal to the pool size.
    public convenience init(configuration: LayerConfiguration) throws {
        let strides = configuration.settings["strides"] == .null ? nil : try configuration.integers("strides", count: 1)[0]
        self.init(try configuration.integers("pool_size", count: 1)[0], strides: strides,
                  padding: try configuration.padding("padding"), name: configuration.name)
    }
}
