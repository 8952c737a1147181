import DendriteCore

/// 2-D max pooling of channels-last images: the largest value of each `poolSize` window, per channel.
///
/// Shapes: `[batch, height, width, c] → [batch, outHeight, outWidth, c]` (`.valid`:
/// ⌊(size − pool) / stride⌋ + 1, `.same`: ⌈size / stride⌉). Defaults follow Keras: pool (2, 2),
/// strides = pool size, `.valid`.
///
/// ```swift
/// MaxPooling2D((2, 2))    // 26×26×32 → 13×13×32
/// ```
public final class MaxPooling2D: Layer {
    public var name: String
    public var typeName: String { "MaxPooling2D" }
    let pooling: Pooling2DSettings
    public var poolSize: (Int, Int) { pooling.poolSize }
    public var strides: (Int, Int) { pooling.strides }
    public var padding: Padding { pooling.padding }
    public private(set) var inputShape: [Int]?

    public init(_ poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String = "") {
        pooling = Pooling2DSettings(poolSize: poolSize, strides: strides, padding: padding)
        self.name = name
    }

    /// A square pool (and square strides).
    public convenience init(_ poolSize: Int, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.init((poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
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
        maxPool2d(input, poolSize: poolSize, strides: strides, padding: padding)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: pooling.configurationSettings)
    }

    public convenience init(configuration: LayerConfiguration) throws {
        let pooling = try Pooling2DSettings(configuration: configuration)
        self.init(pooling.poolSize, strides: pooling.strides, padding: pooling.padding, name: configuration.name)
    }
}
