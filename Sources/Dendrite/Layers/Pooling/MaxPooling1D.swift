import DendriteCore

/// 1-D max pooling of channels-last sequences: the largest value of each window of `poolSize` steps.
///
/// Shapes: `[batch, steps, c] → [batch, outSteps, c]` (`.valid`: ⌊(steps − pool) / stride⌋ + 1,
/// `.same`: ⌈steps / stride⌉). Defaults follow Keras: pool 2, stride = pool size, `.valid`.
public final class MaxPooling1D: Layer {
    public var name: String
    public var typeName: String { "MaxPooling1D" }
    public private(set) var inputShape: [Int]?
    let pooling: Pooling1DSettings
    public var poolSize: Int { pooling.poolSize }
    public var strides: Int { pooling.strides }
    public var padding: Padding { pooling.padding }

    public init(_ poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        pooling = Pooling1DSettings(poolSize: poolSize, strides: strides, padding: padding)
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try pooling.outputShape(layer: name, type: typeName, inputShape: inputShape)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        maxPool1d(input, poolSize: poolSize, stride: strides, padding: padding)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: pooling.configurationSettings)
    }

    public convenience init(configuration: LayerConfiguration) throws {
        let pooling = try Pooling1DSettings(configuration: configuration)
        self.init(pooling.poolSize, strides: pooling.strides, padding: pooling.padding, name: configuration.name)
    }
}
