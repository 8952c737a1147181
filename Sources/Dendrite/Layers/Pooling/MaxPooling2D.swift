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
    public let poolSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    public private(set) var inputShape: [Int]?

    public init(_ poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String = "") {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.name = name
    }

    /// A square pool (and square strides).
    public convenience init(_ poolSize: Int, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.init((poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let (rows, columns) = try SlidingWindow.axes(layer: name, type: typeName, inputShape: inputShape, window: poolSize,
                                                     strides: strides, padding: padding, windowLabel: "pool")
        return [rows.output, columns.output, inputShape[2]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        maxPool2d(input, poolSize: poolSize, strides: strides, padding: padding)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "pool_size": [.int(poolSize.0), .int(poolSize.1)],
            "strides": [.int(strides.0), .int(strides.1)],
            "padding": .string(padding.rawValue),
        ])
    }

    /// Keras writes `"strides": null` for strides equal to the pool size.
    public convenience init(configuration: LayerConfiguration) throws {
        let poolSize = try configuration.integers("pool_size", count: 2)
        let strides = configuration.settings["strides"] == .null ? nil : try configuration.integers("strides", count: 2)
        self.init((poolSize[0], poolSize[1]), strides: strides.map { ($0[0], $0[1]) },
                  padding: try configuration.padding("padding"), name: configuration.name)
    }
}
