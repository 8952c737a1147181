import DendriteCore

/// What ``MaxPooling1D`` and ``AveragePooling1D`` share: the window, its shape rule and its
/// configuration in Keras' names (`pool_size`, `strides`, `padding`). Each layer adds only its op.
struct Pooling1DSettings {
    let poolSize: Int
    let strides: Int
    let padding: Padding

    init(poolSize: Int, strides: Int?, padding: Padding) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
    }

    /// Keras writes `"strides": null` for strides equal to the pool size.
    init(configuration: LayerConfiguration) throws {
        let strides = configuration.settings["strides"] == .null ? nil : try configuration.integers("strides", count: 1)[0]
        self.init(poolSize: try configuration.integers("pool_size", count: 1)[0], strides: strides,
                  padding: try configuration.padding("padding"))
    }

    /// `[steps, c] → [outSteps, c]`; errors name the layer `layer` of type `type`.
    func outputShape(layer: String, type: String, inputShape: [Int]) throws -> [Int] {
        let steps = try SlidingWindow.axis(layer: layer, type: type, inputShape: inputShape, window: poolSize,
                                           stride: strides, padding: padding, windowLabel: "pool")
        return [steps.output, inputShape[1]]
    }

    var configurationSettings: [String: JSONValue] {
        ["pool_size": [.int(poolSize)], "strides": [.int(strides)], "padding": .string(padding.rawValue)]
    }
}
