import DendriteCore

/// AdaGrad, as Keras: `a ← a + g²`; `w ← w − η·g / √(a + ε)`.
///
/// Defaults (Keras): η = 0.001, initial accumulator 0.1, ε = 1e-7, no weight decay. PyTorch's:
/// η = 0.01, initial accumulator 0, ε = 1e-10 after the root.
public struct AdaGrad: Optimizer {
    public var learningRate: Float
    public var initialAccumulator: Float
    public var epsilon: Float
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "adagrad" }

    public init(learningRate: Float = 0.001, initialAccumulator: Float = 0.1, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.initialAccumulator = initialAccumulator
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public init(configuration: OptimizerConfiguration) throws {
        self.init(initialAccumulator: try configuration.float("initial_accumulator_value", default: 0.1),
                  epsilon: try configuration.float("epsilon", default: 1e-7))
    }

    public var settings: [String: JSONValue] {
        ["initial_accumulator_value": .float(initialAccumulator), "epsilon": .float(epsilon)]
    }

    public func validate() throws {
        try validateCommonSettings()
        try requireRange("initialAccumulator", initialAccumulator, 0...Float.greatestFiniteMagnitude)
        try requireRange("epsilon", epsilon, 0...1)
    }

    public func makeState(for parameter: Tensor) -> [Tensor] { [.full(parameter.shape, initialAccumulator)] }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        let a = state[0]
        for i in w.indices {
            a[i] += g[i] * g[i]
            w[i] -= lr * g[i] / (a[i] + epsilon).squareRoot()
        }
    }
}
