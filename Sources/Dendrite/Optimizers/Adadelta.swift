import DendriteCore

/// Adadelta, as Keras: `a ← ρ·a + (1 − ρ)·g²`, `Δ = −√(d + ε)·g / √(a + ε)`,
/// `d ← ρ·d + (1 − ρ)·Δ²`, `w ← w + η·Δ`.
///
/// Defaults (Keras): η = 0.001, ρ = 0.95, ε = 1e-7, no weight decay. PyTorch's: η = 1, ρ = 0.9,
/// ε = 1e-6.
public struct Adadelta: Optimizer {
    public var learningRate: Float
    /// Double, as RMSprop's, so that 1 − ρ is Keras' Python arithmetic.
    public var rho: Double
    public var epsilon: Float
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "adadelta" }

    public init(learningRate: Float = 0.001, rho: Double = 0.95, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public init(configuration: OptimizerConfiguration) throws {
        self.init(rho: try configuration.double("rho", default: 0.95), epsilon: try configuration.float("epsilon", default: 1e-7))
    }

    public var settings: [String: JSONValue] { ["rho": .number(rho), "epsilon": .float(epsilon)] }

    public func validate() throws {
        try validateCommonSettings()
        try requireRange("rho", Float(rho), 0...1)
        try requireRange("epsilon", epsilon, 0...1)
    }

    /// The mean squares of the gradients `a` and of the updates `d`.
    public func makeState(for parameter: Tensor) -> [Tensor] { [.zeros(like: parameter), .zeros(like: parameter)] }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let (a, d) = (state[0], state[1])
        let (decay, oneMinusDecay) = (Float(rho), Float(1 - rho))
        for i in w.indices {
            a[i] = decay * a[i] + oneMinusDecay * g[i] * g[i]
            let delta = -((d[i] + epsilon).squareRoot() * g[i]) / (a[i] + epsilon).squareRoot()
            d[i] = decay * d[i] + oneMinusDecay * delta * delta
            w[i] += lr * delta
        }
    }
}
