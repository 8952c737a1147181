import DendriteCore

/// What ``MaxPooling2D`` and ``AveragePooling2D`` share: the window, its shape rule and its
/// configuration in Keras' names (`pool_size`, `strides`, `padding`). Each layer adds only its op.
struct Pooling2DSettings {
    let poolSize: (Int, Int)
    let strides: (Int, Int)
    let padding: Padding

    init(poolSize: (Int, Int), strides: (Int, Int)?, padding: Padding) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
    }

    /// Keras writes `"strides": null` for strides equal to the pool size.
    init(configuration: LayerConfiguration) throws {
        let poolSize = try configuration.integers("pool_size", count: 2)
        let strides = configuration.settings["strides"] == .null ? nil : try configuration.integers("strides", count: 2)
        self.init(poolSize: (poolSize[0], poolSize[1]), strides: strides.map { ($0[0], $0[1]) },
                  padding: try configuration.padding("padding"))
    }

    /// `[height, width, c] → [outHeight, outWidth, c]`; errors name the layer `layer` of type `type`.
    func outputShape(layer: String, type: String, inputShape: [Int]) throws -> [Int] {
        let (rows, columns) = try SlidingWindow.axes(layer: layer, type: type, inputShape: inputShape, window: poolSize,
                                                     strides: strides, padding: padding, windowLabel: "pool")
        return [rows.output, columns.output, inputShape[2]]
    }

    var configurationSettings: [String: JSONValue] {
        [
            "pool_size": [.int(poolSize.0), .int(poolSize.1)],
            "strides": [.int(strides.0), .int(strides.1)],
            "padding": .string(padding.rawValue),
        ]
    }
}
