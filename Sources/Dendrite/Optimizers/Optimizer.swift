import DendriteCore

/// An update rule (Optimisers.jl style): it says how to make each parameter's state and how to
/// apply one step; the loop over parameters lives in ``OptimizerState``. Writing a new optimizer
/// touches one file.
public protocol Optimizer: Sendable {
    /// The step size (replaced step by step when the model has a learning-rate schedule).
    var learningRate: Float { get set }
    /// Gradient clipping applied before the rule (Keras' `clipnorm`, `clipvalue`, `global_clipnorm`).
    var clipping: GradientClipping { get set }
    /// Keras' name, e.g. `adam`.
    var name: String { get }
    /// Names and initial values of the per-parameter state (moments, accumulators, …).
    func makeState(for parameter: Tensor) -> [Tensor]
    /// One update of `parameter` in place; `step` counts from 1.
    func update(_ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate: Float)
    /// Checks the hyper-parameters.
    func validate() throws
}

/// Gradient clipping before the update: each gradient's norm to `norm`, all gradients' joint norm to
/// `globalNorm`, and each element to ±`value`.
public struct GradientClipping: Sendable, Equatable {
    public var norm: Float?
    public var globalNorm: Float?
    public var value: Float?

    public init(norm: Float? = nil, globalNorm: Float? = nil, value: Float? = nil) {
        self.norm = norm
        self.globalNorm = globalNorm
        self.value = value
    }

    func validate() throws {
        for (label, setting) in [("clipNorm", norm), ("globalClipNorm", globalNorm), ("clipValue", value)] {
            if let setting, !(setting > 0 && setting.isFinite) {
                throw DendriteError.argument("\(label) must be a positive number, got \(setting)")
            }
        }
    }
}

extension Optimizer {
    /// The same optimizer with gradient clipping.
    public func clipped(norm: Float? = nil, globalNorm: Float? = nil, value: Float? = nil) -> Self {
        var copy = self
        copy.clipping = GradientClipping(norm: norm, globalNorm: globalNorm, value: value)
        return copy
    }

    func validateLearningRate() throws {
        guard learningRate >= 0, learningRate.isFinite else {
            throw DendriteError.argument("\(name): learning rate must be a finite number ≥ 0, got \(learningRate)")
        }
    }

    func requireRange(_ label: String, _ value: Float, _ range: ClosedRange<Float>) throws {
        guard range.contains(value) else {
            throw DendriteError.argument("\(name): \(label) must be in \(range), got \(value)")
        }
    }
}

/// The optimizer's per-parameter state and step count for one model, and the loop that applies
/// the rule to every trainable parameter.
public final class OptimizerState: @unchecked Sendable {
    public var optimizer: any Optimizer
    /// Updates applied so far (Keras' `iterations`).
    public internal(set) var iterations = 0
    var slots: [ObjectIdentifier: [Tensor]] = [:]

    init(_ optimizer: any Optimizer) { self.optimizer = optimizer }

    /// Clips the gradients, then applies one update to each trainable parameter that has one.
    func apply(to parameters: [Parameter], learningRate: Float) {
        let active = parameters.filter { $0.trainable && $0.gradient != nil }
        var gradients = active.map { $0.gradient! }
        clip(&gradients)
        iterations += 1
        for (parameter, gradient) in zip(active, gradients) {
            let key = ObjectIdentifier(parameter)
            // Taken out of the dictionary while updated, so its buffers are uniquely owned and not copied.
            var state = slots.removeValue(forKey: key) ?? optimizer.makeState(for: parameter.value)
            // The state tensors live in `state` for the whole update, so their buffers stay valid.
            let stateBuffers = state.indices.map { state[$0].uniquelyOwnedBuffer() }
            parameter.value.withMutableBuffer { values in
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

    private func clip(_ gradients: inout [Tensor]) {
        let clipping = optimizer.clipping
        if let value = clipping.value {
            gradients = gradients.map { $0.clamped(to: -value, value) }
        }
        if let norm = clipping.norm {
            gradients = gradients.map { gradient in
                let length = gradient.squared().sum().scalar.squareRoot()
                return length > norm ? gradient * (norm / length) : gradient
            }
        }
        if let globalNorm = clipping.globalNorm {
            let length = gradients.reduce(Float(0)) { $0 + $1.squared().sum().scalar }.squareRoot()
            if length > globalNorm { gradients = gradients.map { $0 * (globalNorm / length) } }
        }
    }
}
