import DendriteCore

/// Runs a recurrent layer over the sequence in both directions and merges the two outputs, as
/// Keras' `Bidirectional`.
///
/// The backward half is a copy of `layer` with the opposite `goBackwards` and weights of its own.
/// With `returnSequences` its output is flipped back into time order before the merge, so step
/// `t` of the result sees the forward pass up to `t` and the backward pass from the end down to `t`.
///
/// Shapes: input `[batch, timesteps, features]`; output `[batch, 2·units]` with `.concat`
/// (`[batch, units]` otherwise), or with a time axis when the layer returns sequences. Weights: the
/// forward layer's, then the backward layer's (Keras' order). States from
/// ``callWithState(_:initialState:training:)``: the forward states, then the backward ones.
///
/// ```swift
/// Bidirectional(LSTM(16, returnSequences: true))
/// ```
public final class Bidirectional: Layer, StatefulLayer {
    /// How the two directions' outputs are combined (Keras' `merge_mode`).
    public enum MergeMode: String, Sendable {
        /// Side by side along the last axis (Keras `"concat"`).
        case concat
        /// Element-wise sum (Keras `"sum"`).
        case sum
        /// Element-wise product (Keras `"mul"`).
        case multiply = "mul"
        /// Element-wise mean (Keras `"ave"`).
        case average = "ave"
    }

    /// Naming the wrapper names the two halves after it (`bidirectional.forward_lstm`, …) unless
    /// they have names of their own, so that errors and weights say where they come from.
    public var name: String { didSet { nameHalves(previousName: oldValue) } }
    public var typeName: String { "Bidirectional" }
    public let forwardLayer: any RecurrentLayer
    public let backwardLayer: any RecurrentLayer
    public let mergeMode: MergeMode
    public private(set) var inputShape: [Int]?

    public init(_ layer: some RecurrentLayer, mergeMode: MergeMode = .concat, name: String = "") {
        self.forwardLayer = layer
        self.backwardLayer = layer.reversedCopy()
        self.mergeMode = mergeMode
        self.name = name
        // As Keras: with a mask, masked steps of returned sequences are zeros in both directions.
        for half in [forwardLayer, backwardLayer] { half.zeroOutputForMask = half.returnSequences }
        nameHalves(previousName: "")
    }

    private func nameHalves(previousName: String) {
        for (layer, direction) in [(forwardLayer, "forward"), (backwardLayer, "backward")]
        where layer.name.isEmpty || layer.name.hasPrefix("\(previousName).") {
            layer.name = "\(name).\(direction)_\(Sequential.snakeCase(layer.typeName))"
        }
    }

    public var declaredInputShape: [Int]? { forwardLayer.declaredInputShape }
    public var parameters: [Parameter] { forwardLayer.parameters + backwardLayer.parameters }
    public var returnSequences: Bool { forwardLayer.returnSequences }
    /// The forward layer's final states, then the backward layer's, from the latest call when the
    /// wrapped layer has `returnState`.
    public var finalStates: [Tensor] { forwardLayer.finalStates + backwardLayer.finalStates }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        var shape = try forwardLayer.outputShape(for: inputShape)
        if mergeMode == .concat { shape[shape.count - 1] *= 2 }
        return shape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        try forwardLayer.build(inputShape: inputShape, generator: &generator)
        try backwardLayer.build(inputShape: inputShape, generator: &generator)
        self.inputShape = inputShape
    }

    public var stateful: Bool { [forwardLayer, backwardLayer].contains { ($0 as? any StatefulLayer)?.stateful ?? false } }
    public var carriedBatchSize: Int? { (forwardLayer as? any StatefulLayer)?.carriedBatchSize }
    public func resetStates() { [forwardLayer, backwardLayer].forEach { ($0 as? any StatefulLayer)?.resetStates() } }

    /// Takes a mask (both directions skip masked steps) and passes it on only when returning sequences.
    public var supportsMasking: Bool { true }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { [returnSequences ? masks[0] : nil] }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { self(input, mask: nil, training: training) }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        merge(forwardLayer(input, mask: mask, training: training), backwardLayer(input, mask: mask, training: training))
    }

    /// Runs both directions from the given states (zeros when nil): the forward layer's
    /// ``RecurrentLayer/stateCount`` states first, then the backward layer's. Returns the merged
    /// output and the final states in the same order.
    ///
    /// - Throws: ``DendriteError`` if the layer is not built, or the input or states have the wrong shape.
    public func callWithState(_ input: Tensor, initialState: [Tensor]? = nil, mask: Tensor? = nil,
                              training: Bool = false) throws -> RecurrentOutput {
        let split = forwardLayer.stateCount
        if let initialState, initialState.count != 2 * split {
            throw DendriteError.shape("\(name): Bidirectional takes \(2 * split) initial states "
                + "(forward, then backward), got \(initialState.count)")
        }
        let forward = try forwardLayer.callWithState(input, initialState: initialState.map { Array($0[..<split]) },
                                                     mask: mask, training: training)
        let backward = try backwardLayer.callWithState(input, initialState: initialState.map { Array($0[split...]) },
                                                       mask: mask, training: training)
        return RecurrentOutput(output: merge(forward.output, backward.output), states: forward.states + backward.states)
    }

    private func merge(_ forward: Tensor, _ backward: Tensor) -> Tensor {
        let backward = returnSequences
            ? backward.gathering(Array((0..<backward.shape[1]).reversed()), alongAxis: 1) : backward
        switch mergeMode {
        case .concat: return Tensor.concatenate([forward, backward], alongAxis: -1)
        case .sum: return forward + backward
        case .multiply: return forward * backward
        case .average: return (forward + backward) * 0.5
        }
    }

    /// `merge_mode` and both halves' configurations, under `layer` and `backward_layer` as Keras
    /// writes them (each named without the wrapper's prefix, since Keras' names hold no dots).
    public var configuration: LayerConfiguration {
        func half(_ layer: any RecurrentLayer) -> JSONValue {
            var configuration = layer.configuration
            if configuration.name.hasPrefix("\(name).") { configuration.name.removeFirst(name.count + 1) }
            return configuration.json
        }
        return LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "merge_mode": .string(mergeMode.rawValue), "layer": half(forwardLayer), "backward_layer": half(backwardLayer),
        ])
    }

    /// Rebuilds the wrapper from `layer`; a `backward_layer` (which Keras writes) must be the same
    /// layer running the other way, since the backward half is always the forward one's mirror.
    public convenience init(configuration: LayerConfiguration) throws {
        let mode = try configuration.string("merge_mode")
        guard let mergeMode = MergeMode(rawValue: mode) else {
            throw configuration.problem("merge_mode", "must be \"concat\", \"sum\", \"mul\" or \"ave\", got \"\(mode)\"")
        }
        var forward = try configuration.layer("layer")
        // Keras' name for the half ("forward_lstm_1") gives way to the wrapper's ("bidirectional.forward_lstm").
        if forward.name.hasPrefix("forward_") { forward.name = "" }
        guard let recurrent = try LayerRegistry.makeLayer(forward) as? any RecurrentLayer else {
            throw configuration.problem("layer", "must be a recurrent layer (SimpleRNN, LSTM or GRU), got \(forward.type)")
        }
        if let raw = configuration.settings["backward_layer"], raw != .null {
            var backward = try configuration.layer("backward_layer")
            backward.name = ""
            let mirror = try LayerRegistry.makeLayer(backward)
            let direction = { (layer: any GraphLayer) in layer.configuration.settings.filter { $0.key != "go_backwards" } }
            guard backward.type == forward.type, direction(mirror) == direction(recurrent) else {
                throw configuration.problem("backward_layer", "differs from 'layer' in more than its direction; Dendrite's "
                                            + "Bidirectional runs a mirror of the forward layer")
            }
        }
        self.init(recurrent, mergeMode: mergeMode, name: configuration.name)
    }
}

/// Keras keeps each half under its attribute: `forward_layer/cell/vars/0…`, `backward_layer/cell/vars/0…`.
extension Bidirectional: KerasWeightLayout {
    public var kerasWeightPaths: [String] {
        KerasWeightPaths.ownVariables(forwardLayer.parameters.count, under: "forward_layer/cell/")
            + KerasWeightPaths.ownVariables(backwardLayer.parameters.count, under: "backward_layer/cell/")
    }
}

/// The model reaches both halves (their names are reserved and their state is saved with the model).
extension Bidirectional: CompositeLayer {
    public var sublayers: [any GraphLayer] { [forwardLayer, backwardLayer] }
}
