import DendriteCore

/// Lion (evolved sign momentum), as Keras: `w ← w − η·sign(β₁·m + (1 − β₁)·g)`, then
/// `m ← β₂·m + (1 − β₂)·g`. Every step moves each weight by exactly η (or not at all), so Lion
/// wants a learning rate 3–10 times smaller than Adam's, and a larger weight decay.
///
/// Defaults (Keras): η = 0.001, β₁ = 0.9, β₂ = 0.99, no weight decay; β₁ must be in (0, 1] (at 0
/// it is sign descent).
public struct Lion: Optimizer {
    public var learningRate: Float
    /// Double, as Adam's, so that 1 − β is Keras' Python arithmetic.
    public var beta1: Double
    public var beta2: Double
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "lion" }

    public init(learningRate: Float = 0.001, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.weightDecay = weightDecay
    }

    public init(configuration: OptimizerConfiguration) throws {
        self.init(beta1: try configuration.double("beta_1", default: 0.9), beta2: try configuration.double("beta_2", default: 0.99))
    }

    public var settings: [String: JSONValue] { ["beta_1": .number(beta1), "beta_2": .number(beta2)] }

    public func validate() throws {
        try validateCommonSettings()
        guard beta1 > 0, beta1 <= 1 else { throw DendriteError.argument("\(name): beta1 must be in (0, 1], got \(beta1)") }
        try requireRange("beta2", Float(beta2), 0...1)
    }

    /// The momentum `m`.
    public func makeState(for parameter: Tensor) -> [Tensor] { [.zeros(like: parameter)] }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let m = state[0]
        let (b1, c1, b2, c2) = (Float(beta1), Float(1 - beta1), Float(beta2), Float(1 - beta2))
        for i in w.indices {
            let direction = m[i] * b1 + g[i] * c1
            w[i] -= lr * (direction > 0 ? 1 : direction < 0 ? -1 : 0)
            m[i] = m[i] * b2 + g[i] * c2
        }
    }
}
