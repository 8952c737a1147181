import DendriteCore

/// Nadam (Adam with Nesterov momentum), as Keras. With the momentum schedule
/// `uₜ = β₁·(1 − ½·0.96ᵗ)` and its running product `Πₜ = u₁·…·uₜ`:
/// `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
/// `m̂ = uₜ₊₁·m / (1 − Πₜ·uₜ₊₁) + (1 − uₜ)·g / (1 − Πₜ)`, `v̂ = v / (1 − β₂ᵗ)`,
/// `w ← w − η·m̂ / (√v̂ + ε)`.
///
/// Defaults (Keras): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, no weight decay. PyTorch's `NAdam`
/// uses ε = 1e-8 and a momentum decay of 0.004 per step in place of the power of 0.96.
public struct Nadam: Optimizer {
    public var learningRate: Float
    /// Double, as Adam's, so that 1 − β is Keras' Python arithmetic.
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Float
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "nadam" }

    public init(learningRate: Float = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-7,
                weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public init(configuration: OptimizerConfiguration) throws {
        self.init(beta1: try configuration.double("beta_1", default: 0.9), beta2: try configuration.double("beta_2", default: 0.999),
                  epsilon: try configuration.float("epsilon", default: 1e-7))
    }

    public var settings: [String: JSONValue] { ["beta_1": .number(beta1), "beta_2": .number(beta2), "epsilon": .float(epsilon)] }

    public func validate() throws {
        try validateCommonSettings()
        try requireMomentSettings(beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// The moments `m` and `v`, and `[Π, t]`: the product of the momentum schedule over the `t`
    /// steps this parameter has taken (Keras keeps one product for all weights; one per weight
    /// gives the same float32 values and is saved with the rest of the state).
    public func makeState(for parameter: Tensor) -> [Tensor] {
        [.zeros(like: parameter), .zeros(like: parameter), Tensor([1, 0])]
    }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let (m, v, product) = (state[0], state[1], state[2])
        // The schedule in float32, as Keras evaluates it.
        let b1 = Float(beta1)
        func u(_ t: Float) -> Float { b1 * (1 - 0.5 * _pow(0.96, t)) }
        while product[1] < Float(step) {
            product[1] += 1
            product[0] *= u(product[1])
        }
        let t = Float(step)
        let (uNow, uNext) = (u(t), u(t + 1))
        let (productNow, productNext) = (product[0], product[0] * uNext)
        let beta2Power = _pow(Float(beta2), t)
        let (c1, c2) = (Float(1 - beta1), Float(1 - beta2))
        for i in w.indices {
            m[i] += (g[i] - m[i]) * c1
            v[i] += (g[i] * g[i] - v[i]) * c2
            let mHat = uNext * m[i] / (1 - productNext) + (1 - uNow) * g[i] / (1 - productNow)
            let vHat = v[i] / (1 - beta2Power)
            w[i] -= mHat * lr / (vHat.squareRoot() + epsilon)
        }
    }
}
