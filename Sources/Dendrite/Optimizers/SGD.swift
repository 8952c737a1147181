import DendriteCore

/// Stochastic gradient descent, with optional (Nesterov) momentum, as Keras:
/// `v ← μ·v − η·g`; `w ← w + v` (Nesterov: `w ← w + μ·v − η·g`); plain: `w ← w − η·g`.
///
/// Defaults (Keras): η = 0.01, μ = 0, no weight decay. PyTorch keeps `b ← μ·b + g; w ← w − η·b`,
/// the same steps for a constant η. Batch, mini-batch and stochastic descent differ only in `fit`'s
/// `batchSize`.
public struct SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    public var clipping = GradientClipping()
    public var name: String { "sgd" }

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public init(configuration: OptimizerConfiguration) throws {
        self.init(momentum: try configuration.float("momentum", default: 0),
                  nesterov: try configuration.bool("nesterov", default: false))
    }

    public var settings: [String: JSONValue] { ["momentum": .float(momentum), "nesterov": .bool(nesterov)] }

    public func validate() throws {
        try validateCommonSettings()
        try requireRange("momentum", momentum, 0...1)
    }

    public func makeState(for parameter: Tensor) -> [Tensor] { momentum > 0 ? [.zeros(like: parameter)] : [] }

    public func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                       state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        guard momentum > 0 else {
            for i in w.indices { w[i] -= lr * g[i] }
            return
        }
        let v = state[0]
        for i in w.indices {
            v[i] = momentum * v[i] - lr * g[i]
            w[i] += nesterov ? momentum * v[i] - lr * g[i] : v[i]
        }
    }
}
