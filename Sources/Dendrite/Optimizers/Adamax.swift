import DendriteCore

/// Adamax (Adam with the infinity norm), as Keras: `m ← m + (g − m)(1 − β₁)`,
/// `u ← max(β₂·u, |g|)`, `w ← w − η·m / ((1 − β₁ᵗ)·(u + ε))`.
///
/// Defaults (Keras): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, no weight decay. PyTorch's: η = 0.002,
/// ε = 1e-8 inside the maximum.
public struct Adamax: Optimizer {
    public var learningRate: Float
    /// Double, as Adam's, so that 1 − β₁ is Keras' Python arithmetic.
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Float
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "adamax" }

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

    /// The first moment `m` and the decayed largest magnitude `u`.
    public func makeState(for parameter: Tensor) -> [Tensor] { [.zeros(like: parameter), .zeros(like: parameter)] }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let (m, u) = (state[0], state[1])
        let correction = 1 - _pow(Float(beta1), Float(step))
        let (c1, b2) = (Float(1 - beta1), Float(beta2))
        for i in w.indices {
            m[i] += (g[i] - m[i]) * c1
            u[i] = max(b2 * u[i], g[i].magnitude)
            w[i] -= lr * m[i] / (correction * (u[i] + epsilon))
        }
    }
}
