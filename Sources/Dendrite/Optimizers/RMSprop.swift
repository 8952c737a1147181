import DendriteCore

/// RMSprop, as Keras: `s ← ρ·s + (1 − ρ)·g²`, and with `centered` also `ḡ ← ρ·ḡ + (1 − ρ)·g`;
/// the increment is `Δ = η·g / √(s − ḡ² + ε)` (`√(s + ε)` uncentered); `w ← w − Δ`, or with momentum
/// μ: `b ← μ·b + Δ`, `w ← w − b`.
///
/// Defaults (Keras): η = 0.001, ρ = 0.9, μ = 0, ε = 1e-7 (inside the root), not centered, no weight
/// decay. PyTorch's defaults differ: η = 0.01, α(ρ) = 0.99, ε = 1e-8 added after the root.
public struct RMSprop: Optimizer {
    public var learningRate: Float
    /// Double for the same reason as Adam's betas: 1 − ρ from the exact decimal.
    public var rho: Double
    public var momentum: Float
    public var epsilon: Float
    /// Divides by an estimate of the gradient's variance rather than its raw second moment.
    public var centered: Bool
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "rmsprop" }

    public init(learningRate: Float = 0.001, rho: Double = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                centered: Bool = false, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        self.weightDecay = weightDecay
    }

    public init(configuration: OptimizerConfiguration) throws {
        self.init(rho: try configuration.double("rho", default: 0.9), momentum: try configuration.float("momentum", default: 0),
                  epsilon: try configuration.float("epsilon", default: 1e-7),
                  centered: try configuration.bool("centered", default: false))
    }

    public var settings: [String: JSONValue] {
        ["rho": .number(rho), "momentum": .float(momentum), "epsilon": .float(epsilon), "centered": .bool(centered)]
    }

    public func validate() throws {
        try validateCommonSettings()
        try requireRange("rho", Float(rho), 0...1)
        try requireRange("momentum", momentum, 0...1)
        try requireRange("epsilon", epsilon, 0...1)
    }

    /// The mean square `s`, then the mean gradient `ḡ` when centered, then the momentum `b`.
    public func makeState(for parameter: Tensor) -> [Tensor] {
        (0..<(1 + (centered ? 1 : 0) + (momentum > 0 ? 1 : 0))).map { _ in .zeros(like: parameter) }
    }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let s = state[0]
        let mean: UnsafeMutableBufferPointer<Float>? = centered ? state[1] : nil
        let velocity: UnsafeMutableBufferPointer<Float>? = momentum > 0 ? state[state.count - 1] : nil
        let (decay, oneMinusDecay) = (Float(rho), Float(1 - rho))
        for i in w.indices {
            s[i] = decay * s[i] + oneMinusDecay * g[i] * g[i]
            var denominator = s[i] + epsilon
            if let mean {
                mean[i] = decay * mean[i] + oneMinusDecay * g[i]
                denominator = s[i] - mean[i] * mean[i] + epsilon
            }
            let increment = lr * g[i] / denominator.squareRoot()
            if let velocity {
                velocity[i] = momentum * velocity[i] + increment
                w[i] -= velocity[i]
            } else {
                w[i] -= increment
            }
        }
    }
}
