import DendriteCore

/// An update rule (Optimisers.jl style): it says how to make each parameter's state and how to
/// apply one step; the loop over parameters, gradient clipping and weight decay live once, in
/// ``OptimizerState``.
///
/// A new optimizer is one file with a type conforming to this protocol plus one line that makes it
/// loadable from `config.json`:
///
/// ```swift
/// struct SignSGD: Optimizer {
///     var learningRate: Float = 0.01
///     var weightDecay: Float = 0
///     var clipping = GradientClipping()
///     var name: String { "sign_sgd" }
///     var settings: [String: JSONValue] { [:] }
///     init() {}
///     init(configuration: OptimizerConfiguration) throws {}
///     func validate() throws { try validateCommonSettings() }
///     func makeState(for parameter: Tensor) -> [Tensor] { [] }
///     func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
///                 state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
///         for i in w.indices { w[i] -= lr * (g[i] > 0 ? 1 : g[i] < 0 ? -1 : 0) }
///     }
/// }
/// OptimizerRegistry.register(SignSGD.self, as: "sign_sgd")
/// ```
public protocol Optimizer: Sendable {
    /// The step size (replaced step by step when the model has a learning-rate schedule).
    var learningRate: Float { get set }
    /// Keras' decoupled weight decay λ: before each update `w ← w − η·λ·w` (0: none).
    var weightDecay: Float { get set }
    /// Gradient clipping applied before the rule (Keras' `clipnorm`, `clipvalue`, `global_clipnorm`).
    var clipping: GradientClipping { get set }
    /// The name it is registered under in ``OptimizerRegistry``, Keras' where Keras has it (`adam`).
    var name: String { get }
    /// The settings particular to this rule, with Keras' `get_config` keys (`beta_1`, `rho`, …).
    /// ``OptimizerConfiguration`` adds the common ones: learning rate, weight decay and clipping.
    var settings: [String: JSONValue] { get }
    /// Rebuilds the rule from its saved ``settings``; a missing key takes Keras' default. The common
    /// settings are set afterwards by ``OptimizerRegistry/makeOptimizer(_:)``.
    init(configuration: OptimizerConfiguration) throws
    /// The initial per-parameter state (moments, accumulators, …), saved as the parameter's slots.
    func makeState(for parameter: Tensor) -> [Tensor]
    /// One update of `parameter` in place; `step` counts from 1.
    func update(_ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate: Float)
    /// Checks the hyper-parameters, throwing a ``DendriteError`` that names the bad one.
    func validate() throws
}

extension Optimizer {
    /// The same optimizer with gradient clipping.
    public func clipped(norm: Float? = nil, globalNorm: Float? = nil, value: Float? = nil) -> Self {
        var copy = self
        copy.clipping = GradientClipping(norm: norm, globalNorm: globalNorm, value: value)
        return copy
    }

    /// Checks the settings every optimizer has: learning rate, weight decay and clipping.
    public func validateCommonSettings() throws {
        guard learningRate >= 0, learningRate.isFinite else {
            throw DendriteError.argument("\(name): learning rate must be a finite number ≥ 0, got \(learningRate)")
        }
        try requireRange("weightDecay", weightDecay, 0...1)
        try clipping.validate()
    }

    /// Throws unless `range` contains `value`, naming the optimizer and the setting.
    public func requireRange(_ label: String, _ value: Float, _ range: ClosedRange<Float>) throws {
        guard range.contains(value) else {
            throw DendriteError.argument("\(name): \(label) must be in \(range), got \(value)")
        }
    }

    /// The checks Adam's family (Adam, Adamax, Nadam) shares: β₁, β₂ and ε each in [0, 1].
    func requireMomentSettings(beta1: Double, beta2: Double, epsilon: Float) throws {
        try requireRange("beta1", Float(beta1), 0...1)
        try requireRange("beta2", Float(beta2), 0...1)
        try requireRange("epsilon", epsilon, 0...1)
    }
}
