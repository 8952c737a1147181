import DendriteCore

/// Applies one layer to every time step of a sequence, with the same weights at every step
/// (Keras' `TimeDistributed`).
///
/// Shapes: input `[batch, timesteps, …]`; the wrapped layer sees `[batch·timesteps, …]` and the
/// output is `[batch, timesteps, …its output…]`. The weights are the wrapped layer's.
///
/// ```swift
/// Sequential {
///     LSTM(16, returnSequences: true, inputShape: [20, 3])
///     TimeDistributed(Dense(1))
/// }
/// ```
public final class TimeDistributed: Layer {
    /// Naming the wrapper names the wrapped layer after it (`time_distributed.dense`) unless it
    /// has a name of its own.
    public var name: String { didSet { nameWrappedLayer(previousName: oldValue) } }
    public var typeName: String { "TimeDistributed" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let layer: any Layer
    public private(set) var inputShape: [Int]?

    public init(_ layer: any Layer, name: String = "") {
        self.layer = layer
        self.name = name
        nameWrappedLayer(previousName: "")
    }

    private func nameWrappedLayer(previousName: String) {
        if layer.name.isEmpty || layer.name.hasPrefix("\(previousName).") {
            layer.name = "\(name).\(Sequential.snakeCase(layer.typeName))"
        }
    }

    public var parameters: [Parameter] { layer.parameters }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2, inputShape[0] > 0 else {
            throw DendriteError.shape("\(name): TimeDistributed expects samples of shape [timesteps, …] with at least "
                + "one time step, got samples of shape \(inputShape)")
        }
        return [inputShape[0]] + (try layer.outputShape(for: Array(inputShape.dropFirst())))
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        try layer.build(inputShape: Array(inputShape.dropFirst()), generator: &generator)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.rank >= 3, "\(name): TimeDistributed expects [batch, timesteps, …], got \(input.shape)")
        let (batch, timesteps) = (input.shape[0], input.shape[1])
        let output = layer(input.reshaped([batch * timesteps] + input.shape.dropFirst(2)), training: training)
        return output.reshaped([batch, timesteps] + output.shape.dropFirst())
    }

    /// The wrapped layer's whole configuration, nested under `layer` (named without the wrapper's
    /// prefix, since Keras' names hold no dots).
    public var configuration: LayerConfiguration {
        var wrapped = layer.configuration
        if wrapped.name.hasPrefix("\(name).") { wrapped.name.removeFirst(name.count + 1) }
        return LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["layer": wrapped.json])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        var inner = try configuration.layer("layer")
        // The default name ("dense") gives way to the wrapper's ("time_distributed.dense").
        if inner.name == Sequential.snakeCase(inner.type) { inner.name = "" }
        let wrapped = try LayerRegistry.makeLayer(inner)
        guard let layer = wrapped as? any Layer else {
            throw configuration.problem("layer", "must be a layer with one input and one output, got \(wrapped.typeName)")
        }
        self.init(layer, name: configuration.name)
    }
}

/// Keras keeps the wrapped layer's weights under `layer/`.
extension TimeDistributed: KerasWeightLayout {
    public var kerasWeightPaths: [String] {
        KerasWeightPaths.nested(layer, under: "layer/")
    }
}

/// The model reaches the wrapped layer (its dropout generator is saved; a `Lambda` inside is refused at save).
extension TimeDistributed: CompositeLayer {
    public var sublayers: [any GraphLayer] { [layer] }
}
