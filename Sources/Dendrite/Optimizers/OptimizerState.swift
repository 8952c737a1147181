import DendriteCore

/// An optimizer at work: its per-parameter state (moments, accumulators), its step count, and the
/// one loop that applies it. `compile` makes one for the model; a custom training loop makes its own
/// and applies it to whichever parameters it trains:
///
/// ```swift
/// let optimizer = OptimizerState(Adam(learningRate: 0.01))
/// for _ in 0..<100 {
///     let loss = Loss.meanSquaredError(model(x, training: true), y)
///     loss.backward()                           // gradients accumulate in the parameters
///     try optimizer.apply(to: model.parameters) // one step; the gradients are then cleared
/// }
/// ```
///
/// One step, for every parameter that is trainable and has a gradient: the gradients are clipped
/// (``GradientClipping``, over all of them for a global norm), the weight decays (`w ← w − η·λ·w`,
/// Keras' decoupled form), then the rule updates the weight and its state, and the gradient is
/// cleared. The state of each parameter is kept by identity, so one `OptimizerState` may serve
/// several models, and several optimizers may train different parts of one model.
public final class OptimizerState: @unchecked Sendable {
    // `@unchecked`: like the model it trains, it is used from one thread at a time.

    /// The rule; its learning rate may be changed between steps.
    public var optimizer: any Optimizer
    /// Updates applied so far (Keras' `iterations`).
    public internal(set) var iterations = 0
    var slots: [ObjectIdentifier: [Tensor]] = [:]

    public init(_ optimizer: any Optimizer) { self.optimizer = optimizer }

    /// One step with the optimizer's learning rate, from the gradients that `backward()` left in
    /// `parameters` (frozen parameters and those without a gradient are skipped).
    ///
    /// - Throws: ``DendriteError`` naming a hyper-parameter that is out of range.
    public func apply(to parameters: [Parameter]) throws {
        try optimizer.validate()
        apply(to: parameters, learningRate: optimizer.learningRate)
    }

    /// One step with `learningRate` (a schedule's), for hyper-parameters already validated.
    func apply(to parameters: [Parameter], learningRate: Float) {
        let active = parameters.filter { $0.trainable && $0.gradient != nil }
        let gradients = optimizer.clipping.clip(active.compactMap(\.gradient))
        let decay = learningRate * optimizer.weightDecay
        iterations += 1
        for (parameter, gradient) in zip(active, gradients) {
            let key = ObjectIdentifier(parameter)
            // Taken out of the dictionary while updated, so its buffers are uniquely owned and not copied.
            var state = slots.removeValue(forKey: key) ?? optimizer.makeState(for: parameter.value)
            // The state tensors live in `state` for the whole update, so their buffers stay valid.
            let stateBuffers = state.indices.map { state[$0].uniquelyOwnedBuffer() }
            parameter.value.withMutableBuffer { values in
                if decay > 0 {
                    for i in values.indices { values[i] -= values[i] * decay }
                }
                gradient.buffer.withMemoryRebound(to: Float.self) { g in
                    optimizer.update(values, gradient: g, state: stateBuffers, step: iterations,
                                     learningRate: learningRate)
                }
            }
            withExtendedLifetime(state) {}
            slots[key] = state
            parameter.value.zeroGradient()
        }
    }
}
