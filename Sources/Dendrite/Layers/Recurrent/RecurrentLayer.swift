import DendriteCore

/// What a recurrent layer computes when asked for its states as well as its output.
public struct RecurrentOutput {
    /// `[batch, timesteps, units]` when the layer returns sequences, else `[batch, units]`.
    public let output: Tensor
    /// The states after the last step, each `[batch, units]`: `[h]` for ``SimpleRNN`` and ``GRU``,
    /// `[h, c]` for ``LSTM`` (Keras' order).
    public let states: [Tensor]
}

/// A layer that runs a cell over the time axis of `[batch, timesteps, features]` inputs, as
/// Keras' `RNN` layers do: ``SimpleRNN``, ``LSTM``, ``GRU``.
///
/// The input projection `x·kernel + bias` is computed for every time step at once, with one
/// `[batch·timesteps, features] · [features, gates·units]` product; each step then adds
/// `h·recurrentKernel` and applies the gates. Backpropagation through time is the autodiff graph of
/// the unrolled steps. States start at zero unless given.
///
/// **Returning states.** Keras' `return_state=True` makes a layer return a list `[output, *states]`.
/// Dendrite layers return one tensor, so:
/// - ``callWithState(_:initialState:training:)`` returns the output and the final states (and can
///   start from given states), for use outside a `Sequential` model, e.g. encoder–decoder models;
/// - inside a `Sequential` model the layer passes on its output only (the last step's `h`, or every
///   step's with `returnSequences`); with `returnState: true` it also keeps the final states of its
///   latest call in ``finalStates`` (plain values, cut off from the graph).
public protocol RecurrentLayer: Layer {
    /// Size of the output and of each state.
    var units: Int { get }
    /// Output every step's `h` (`[batch, timesteps, units]`) rather than the last (`[batch, units]`).
    var returnSequences: Bool { get }
    /// Keep the final states of each call in ``finalStates``.
    var returnState: Bool { get }
    /// Read the sequence from the last step to the first; returned sequences are then in that
    /// (reversed) order, as in Keras.
    var goBackwards: Bool { get }
    /// With a mask, output zeros at masked steps rather than the previous step's output (Keras'
    /// `zero_output_for_mask`; false by default, set by ``Bidirectional`` when returning sequences).
    var zeroOutputForMask: Bool { get set }
    /// The number of state tensors: 1 (`h`) or 2 (`h`, `c`).
    var stateCount: Int { get }
    /// The final states of the latest `callAsFunction` when ``returnState`` is set, else empty.
    var finalStates: [Tensor] { get }
    /// `x·kernel + input bias` for `x` of shape `[n, features]`: `[n, gates·units]`.
    func projectInputs(_ inputs: Tensor) -> Tensor
    /// One step of the cell: the projected input `[batch, gates·units]` and the states give the new
    /// states; the step's output is the first new state. `recurrentMask` (`[batch, units]`, recurrent
    /// dropout while training, else nil) multiplies `h` where it enters the products with the
    /// recurrent kernel, not where `h` itself is carried on (Keras' cells).
    func step(_ projectedInput: Tensor, states: [Tensor], recurrentMask: Tensor?) -> [Tensor]
    /// A new, unbuilt layer with the same settings that reads the sequence in the other direction
    /// (the backward half of a ``Bidirectional``).
    func reversedCopy() -> Self
}

extension RecurrentLayer {
    /// `[timesteps, features]` → `[timesteps, units]` or `[units]`; refuses other ranks, empty
    /// sequences and a feature count other than the built one.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard units > 0 else { throw DendriteError.argument("\(name): \(typeName) needs at least 1 unit, got \(units)") }
        guard inputShape.count == 2 else {
            throw DendriteError.shape("\(name): \(typeName) expects samples of shape [timesteps, features] "
                + "(inputs [batch, timesteps, features]), got samples of shape \(inputShape)")
        }
        guard inputShape[0] > 0, inputShape[1] > 0 else {
            throw DendriteError.shape("\(name): \(typeName) needs at least one time step and one feature, "
                + "got samples of shape \(inputShape)")
        }
        if let built = self.inputShape, built[1] != inputShape[1] {
            throw DendriteError.shape("\(name): built for \(built[1]) features per time step, got samples of shape \(inputShape)")
        }
        return returnSequences ? [inputShape[0], units] : [units]
    }

    /// Takes a mask (masked steps keep the states) and passes it on only when returning sequences.
    public var supportsMasking: Bool { true }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { [returnSequences ? masks[0] : nil] }

    /// Runs the layer on `[batch, timesteps, features]` from the given states (zeros when nil) and
    /// returns the output with the final states (see ``RecurrentLayer`` on returning states).
    /// `mask` (`[batch, timesteps]`, 1 for a step to use, 0 for padding) makes masked steps keep
    /// the states, as ``unroll(_:initialState:mask:)`` says.
    /// `training` is there for the layer life cycle's symmetry: this entry point applies no dropout
    /// and neither reads nor keeps `stateful` states.
    ///
    /// - Throws: ``DendriteError`` if the layer is not built, or the input, states or mask have the wrong shape.
    public func callWithState(_ input: Tensor, initialState: [Tensor]? = nil, mask: Tensor? = nil,
                              training: Bool = false) throws -> RecurrentOutput {
        guard inputShape != nil else { throw DendriteError.argument("\(name): \(typeName) used before build") }
        guard input.rank == 3, input.shape[0] > 0 else {
            throw DendriteError.shape("\(name): \(typeName) expects inputs of shape [batch, timesteps, features], got \(input.shape)")
        }
        _ = try outputShape(for: Array(input.shape.dropFirst()))
        if let initialState {
            let expected = [input.shape[0], units]
            guard initialState.count == stateCount, initialState.allSatisfy({ $0.shape == expected }) else {
                throw DendriteError.shape("\(name): \(typeName) takes \(stateCount) initial state(s) of shape \(expected), "
                    + "got shapes \(initialState.map(\.shape))")
            }
        }
        if let mask {
            guard mask.shape == Array(input.shape.prefix(2)) else {
                throw DendriteError.shape("\(name): \(typeName) takes a mask of shape \(Array(input.shape.prefix(2))) "
                    + "([batch, timesteps]) for inputs of shape \(input.shape), got \(mask.shape)")
            }
            try requireMask(mask, fits: input)
        }
        return unroll(input, initialState: initialState, mask: mask)
    }

    /// The time loop shared by every recurrent layer.
    ///
    /// With a `mask` (`[batch, timesteps]`), as Keras: at a masked step each state keeps its
    /// previous value, and the step's output is the previous step's output (zeros before the
    /// first) or, with ``zeroOutputForMask``, zeros. The output of a layer that does not return
    /// sequences is the last step's output.
    ///
    /// Dropout masks (while training): `inputMask` `[batch, features]` multiplies every step's input,
    /// `recurrentMask` `[batch, units]` every step's `h` before the recurrent product; one mask of
    /// each per sequence, as Keras draws them.
    func unroll(_ input: Tensor, initialState: [Tensor]?, mask: Tensor? = nil,
                inputMask: Tensor? = nil, recurrentMask: Tensor? = nil) -> RecurrentOutput {
        precondition(input.rank == 3 && input.shape[1] > 0 && input.shape[2] == inputShape?[1],
                     "\(name): \(typeName) built for samples \(inputShape ?? []) got inputs of shape \(input.shape)")
        let (batch, timesteps, features) = (input.shape[0], input.shape[1], input.shape[2])
        let dropped = inputMask.map { input * $0.reshaped([batch, 1, features]) } ?? input
        let projected = projectInputs(dropped.reshaped([batch * timesteps, features])).reshaped([batch, timesteps, -1])
        var states = initialState ?? Array(repeating: Tensor.zeros([batch, units]), count: stateCount)
        var outputs: [Tensor] = []
        let steps = Array(projected.unstacked(alongAxis: 1).enumerated())
        guard let mask else {
            for (_, projectedInput) in goBackwards ? steps.reversed() : steps {
                states = step(projectedInput, states: states, recurrentMask: recurrentMask)
                if returnSequences { outputs.append(states[0]) }
            }
            return RecurrentOutput(output: returnSequences ? Tensor.stack(outputs, alongAxis: 1) : states[0], states: states)
        }
        let stepMasks = mask.reshaped([batch, timesteps]).unstacked(alongAxis: 1).map { $0.reshaped([batch, 1]) }
        var output = Tensor.zeros([batch, units])
        var lastMask = stepMasks[0]
        for (time, projectedInput) in goBackwards ? steps.reversed() : steps {
            let kept = stepMasks[time]
            let next = step(projectedInput, states: states, recurrentMask: recurrentMask)
            output = Tensor.select(kept, next[0], output)
            states = zip(next, states).map { Tensor.select(kept, $0, $1) }
            lastMask = kept
            if returnSequences { outputs.append(zeroOutputForMask ? output * kept : output) }
        }
        let last = zeroOutputForMask ? output * lastMask : output
        return RecurrentOutput(output: returnSequences ? Tensor.stack(outputs, alongAxis: 1) : last, states: states)
    }
}

/// The settings ``SimpleRNN``, ``LSTM`` and ``GRU`` all have besides those of ``RecurrentLayer``, so
/// that their shared configuration is written in one place.
protocol RecurrentCellLayer: RecurrentLayer, StatefulLayer {
    var activation: Activation { get }
    var useBias: Bool { get }
    var kernelInitializer: Initializer { get }
    var recurrentInitializer: Initializer { get }
    var biasInitializer: Initializer { get }
    var kernelRegularizer: Regularizer? { get }
    var recurrentRegularizer: Regularizer? { get }
    var biasRegularizer: Regularizer? { get }
    var dropout: Float { get }
    var recurrentDropout: Float { get }
    /// What the layer keeps between calls: stateful states, final states, the dropout generator.
    var memory: RecurrentMemory { get }
}

/// What a recurrent layer keeps between calls.
final class RecurrentMemory: @unchecked Sendable {
    /// The states after the latest batch, for a `stateful` layer (cut off from the graph).
    var carried: [Tensor]?
    /// The final states of the latest call, with `returnState`.
    var finalStates: [Tensor] = []
    /// Draws the dropout masks; seeded from the model's generator at `build` when the layer has dropout.
    var generator = RandomGenerator(seed: 0)

    /// An inverted-dropout mask of `shape`: 0 with probability `rate`, else 1 / (1 − rate).
    func dropoutMask(_ shape: [Int], rate: Float) -> Tensor {
        let keep = 1 - rate
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
            generator.nextUnitFloat() < keep ? 1 / keep : 0
        })
    }
}

extension RecurrentCellLayer {
    /// Refuses dropout rates outside [0, 1) (Keras clips them; a rate of 1 would drop everything).
    func checkRecurrentSettings() throws {
        for (label, rate) in [("dropout", dropout), ("recurrentDropout", recurrentDropout)] where !(rate >= 0 && rate < 1) {
            throw DendriteError.argument("\(name): \(typeName) needs \(label) in [0, 1), got \(rate)")
        }
    }

    /// Seeds the dropout generator from the model's, only when the layer drops anything (so that
    /// models without recurrent dropout draw the same initial weights as before).
    func seedDropout(_ generator: inout RandomGenerator) {
        if dropout > 0 || recurrentDropout > 0 { memory.generator = RandomGenerator(seed: generator.next()) }
    }

    /// The layer's call in a model: dropout masks while training, the carried states of a
    /// `stateful` layer, and the final states kept with `returnState`.
    func run(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        let batch = input.shape[0]
        var initial: [Tensor]?
        if stateful, let carried = memory.carried {
            precondition(carried[0].shape[0] == batch,
                         "\(name): stateful \(typeName) carries states for batches of \(carried[0].shape[0]), got a batch of \(batch); call resetStates() first")
            initial = carried
        }
        let inputMask = training && dropout > 0 ? memory.dropoutMask([batch, input.shape[2]], rate: dropout) : nil
        let recurrentMask = training && recurrentDropout > 0 ? memory.dropoutMask([batch, units], rate: recurrentDropout) : nil
        let result = unroll(input, initialState: initial, mask: mask, inputMask: inputMask, recurrentMask: recurrentMask)
        if stateful { memory.carried = result.states.map { $0.detached() } }
        if returnState { memory.finalStates = result.states.map { $0.detached() } }
        return result.output
    }

    public var finalStates: [Tensor] { memory.finalStates }

    public var carriedBatchSize: Int? { memory.carried?.first?.shape[0] }

    /// Forgets the carried states: the next batch starts from zeros (Keras' `reset_states`).
    public func resetStates() { memory.carried = nil }

    /// A weight with the layer's regularizer for it.
    func weight(_ suffix: String, _ value: Tensor, _ regularizer: Regularizer?) -> Parameter {
        Parameter(name: "\(name).\(suffix)", value: value, regularizer: regularizer)
    }
}

extension RecurrentCellLayer {
    /// The layer's configuration: the settings every recurrent layer shares (`units`, `activation`,
    /// `use_bias`, the three initialisers and regularizers, `return_sequences`, `return_state`,
    /// `go_backwards`, `zero_output_for_mask`, `dropout`, `recurrent_dropout`, `stateful`,
    /// `input_shape`) and `specific` ones, in Keras' names.
    func recurrentConfiguration(_ specific: [String: JSONValue] = [:]) -> LayerConfiguration {
        let shared: [String: JSONValue] = [
            "units": .int(units), "activation": activation.configuration, "use_bias": .bool(useBias),
            "kernel_initializer": kernelInitializer.configuration,
            "recurrent_initializer": recurrentInitializer.configuration,
            "bias_initializer": biasInitializer.configuration,
            "return_sequences": .bool(returnSequences), "return_state": .bool(returnState),
            "go_backwards": .bool(goBackwards), "zero_output_for_mask": .bool(zeroOutputForMask),
            "dropout": .float(dropout), "recurrent_dropout": .float(recurrentDropout), "stateful": .bool(stateful),
            "kernel_regularizer": kernelRegularizer?.configuration ?? .null,
            "recurrent_regularizer": recurrentRegularizer?.configuration ?? .null,
            "bias_regularizer": biasRegularizer?.configuration ?? .null,
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ]
        return LayerConfiguration(type: typeName, name: name, trainable: trainable,
                                  settings: shared.merging(specific) { $1 })
    }
}

/// The dropout generator is saved with checkpoints, so training resumes with the same masks.
extension SimpleRNN: RandomizedLayer {
    var generator: RandomGenerator { get { memory.generator } set { memory.generator = newValue } }
}

extension LSTM: RandomizedLayer {
    var generator: RandomGenerator { get { memory.generator } set { memory.generator = newValue } }
}

extension GRU: RandomizedLayer {
    var generator: RandomGenerator { get { memory.generator } set { memory.generator = newValue } }
}
