import DendriteCore

/// RMSprop, as Keras: `s ← ρ·s + (1 − ρ)·g²`; `w ← w − η·g / √(s + ε)`.
///
/// Defaults (Keras): η = 0.001, ρ = 0.9, ε = 1e-7 (inside the root). PyTorch's defaults differ:
/// η = 0.01, α(ρ) = 0.99, ε = 1e-8 added after the root.
public struct RMSprop: Optimizer {
    public var learningRate: Float
    /// Double for the same reason as Adam's betas: 1 − ρ from the exact decimal.
    public var rho: Double
    public var epsilon: Float
    public var clipping = GradientClipping()
    public var name: String { "rmsprop" }

    public init(learningRate: Float = 0.001, rho: Double = 0.9, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
    }

    public func validate() throws {
        try validateLearningRate()
        try requireRange("rho", Float(rho), 0...1)
        try requireRange("epsilon", epsilon, 0...1)
        try clipping.validate()
    }

    public func makeState(for parameter: Tensor) -> [Tensor] { [.zeros(like: parameter)] }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let s = state[0]
        let (decay, oneMinusDecay) = (Float(rho), Float(1 - rho))
        for i in w.indices {
            s[i] = decay * s[i] + oneMinusDecay * g[i] * g[i]
            w[i] -= lr * g[i] / (s[i] + epsilon).squareRoot()
        }
    }
}
