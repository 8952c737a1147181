import DendriteCore

/// Adam, as Keras: `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
/// `w ← w − α·m / (√v + ε)` with `α = η·√(1 − β₂ᵗ) / (1 − β₁ᵗ)`. With `amsgrad` the denominator uses
/// the largest `v` so far, `v̂ ← max(v̂, v)`, in place of `v`.
///
/// Defaults (Keras): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, no AMSGrad. PyTorch uses ε = 1e-8
/// and adds it to the bias-corrected √v̂, so its ε acts √(1 − β₂ᵗ) times larger.
///
/// With `weightDecay` > 0 this is AdamW (decoupled decay `w ← w − η·λ·w` before the step), saved
/// under Keras' name `adamw`.
public struct Adam: Optimizer {
    public var learningRate: Float
    // Double, so that 1 − β is computed from the exact decimal (0.999, not its Float rounding),
    // as Keras does in Python before rounding the result to float32.
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Float
    public var amsgrad: Bool
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { weightDecay > 0 ? "adamw" : "adam" }

    public init(learningRate: Float = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-7,
                amsgrad: Bool = false, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.weightDecay = weightDecay
    }

    /// Keras' AdamW decays by 0.004 unless told otherwise.
    public init(configuration: OptimizerConfiguration) throws {
        self.init(beta1: try configuration.double("beta_1", default: 0.9), beta2: try configuration.double("beta_2", default: 0.999),
                  epsilon: try configuration.float("epsilon", default: 1e-7), amsgrad: try configuration.bool("amsgrad", default: false),
                  weightDecay: configuration.name == "adamw" ? 0.004 : 0)
    }

    public var settings: [String: JSONValue] {
        ["beta_1": .number(beta1), "beta_2": .number(beta2), "epsilon": .float(epsilon), "amsgrad": .bool(amsgrad)]
    }

    public func validate() throws {
        try validateCommonSettings()
        try requireMomentSettings(beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// The moments `m` and `v`, and with AMSGrad the running maximum `v̂`.
    public func makeState(for parameter: Tensor) -> [Tensor] {
        (0..<(amsgrad ? 3 : 2)).map { _ in .zeros(like: parameter) }
    }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        // The bias corrections in float32, exactly as Keras evaluates them.
        let t = Float(step)
        let alpha = lr * (1 - _pow(Float(beta2), t)).squareRoot() / (1 - _pow(Float(beta1), t))
        let (c1, c2) = (Float(1 - beta1), Float(1 - beta2))
        guard amsgrad else {
            OptimizerKernels.adamStep(weights: w, gradient: g, firstMoment: state[0], secondMoment: state[1], alpha: alpha,
                                      oneMinusBeta1: c1, oneMinusBeta2: c2, epsilon: epsilon)
            return
        }
        let (m, v, vMax) = (state[0], state[1], state[2])
        for i in w.indices {
            m[i] += (g[i] - m[i]) * c1
            v[i] += (g[i] * g[i] - v[i]) * c2
            vMax[i] = max(vMax[i], v[i])
            w[i] -= alpha * m[i] / (vMax[i].squareRoot() + epsilon)
        }
    }
}

/// Adam with decoupled weight decay; Keras' default decay λ = 0.004 (PyTorch's is 0.01).
public func AdamW(learningRate: Float = 0.001, weightDecay: Float = 0.004, beta1: Double = 0.9,
                  beta2: Double = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false) -> Adam {
    Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, weightDecay: weightDecay)
}
