import Dendrite

/// Binary logistic regression: the probability of class 1 is the sigmoid of a linear function of the
/// features,
///
///     p = σ(X w + b),   σ(z) = 1 / (1 + e⁻ᶻ)
///
/// fitted by plain (full-batch) gradient descent on the mean binary cross-entropy
///
///     J(w, b) = −(1/n) Σᵢ [ yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ) ]
///     ∂J/∂w = Xᵀ (p − y) / n,   ∂J/∂b = mean(p − y)
///     w ← w − η ∂J/∂w,          b ← b − η ∂J/∂b
///
/// Shapes: X `[n, inputCount]`, y `[n]` or `[n, 1]` of 0/1 labels, w `[inputCount, 1]`, b a scalar.
/// Weights start at zero, so training is deterministic. There is no regularisation: at its optimum
/// this is scikit-learn's `LogisticRegression(C=np.inf)` (formerly `penalty=None`), which on linearly
/// separable data has no finite optimum — the weights then keep growing as the cost tends to 0.
///
/// ```swift
/// var model = LogisticRegression(inputCount: 2)
/// let costs = try model.fit(x, y, learningRate: 0.1, epochs: 1000)
/// let probabilities = try model.predictProbabilities(x)   // [n]
/// let labels = try model.predict(x)                       // [n] of 0/1
/// ```
public struct LogisticRegression: Sendable, Equatable {
    /// `[inputCount, 1]`.
    public private(set) var weights: Tensor
    public private(set) var bias: Float

    /// An untrained model for `inputCount` features: w = 0, b = 0 (every probability ½).
    public init(inputCount: Int) {
        weights = .zeros([Swift.max(inputCount, 0), 1])
        bias = 0
    }

    /// Runs `epochs` steps of gradient descent from the current weights and returns the cost J
    /// before each step (so `costs[0]` is the cost of the starting weights, log 2 from zero).
    ///
    /// The cost is computed from z = X w + b in the stable form `max(z, 0) − z y + log(1 + e^−|z|)`,
    /// equal to the formula above but finite even when p rounds to 0 or 1.
    @discardableResult
    public mutating func fit(_ x: Tensor, _ y: Tensor, learningRate: Float = 0.1, epochs: Int = 1000) throws -> [Float] {
        try ClassicValidation.checkBinaryTrainingData(x, y, inputCount: weights.shape[0], model: "LogisticRegression")
        try ClassicValidation.checkTrainingSettings(learningRate: learningRate, epochs: epochs, model: "LogisticRegression")
        let labels = y.reshaped([x.shape[0], 1]), n = Float(x.shape[0])
        var costs: [Float] = []
        for _ in 0..<epochs {
            let z = matmul(x, weights) + bias
            costs.append(Tensor.sigmoidCrossEntropy(logits: z, targets: labels).mean().scalar)
            let error = z.sigmoid() - labels
            weights -= learningRate * matmul(x.transposed(), error) / n
            bias -= learningRate * error.mean().scalar
        }
        return costs
    }

    /// σ(X w + b): the probability of class 1 for each sample, as a tensor `[n]`.
    public func predictProbabilities(_ x: Tensor) throws -> Tensor {
        try ClassicValidation.checkFeatures(x, inputCount: weights.shape[0], model: "LogisticRegression")
        return (matmul(x, weights) + bias).sigmoid().reshaped([x.shape[0]])
    }

    /// 1 where the probability of class 1 is above `threshold`, else 0, as a tensor `[n]`.
    public func predict(_ x: Tensor, threshold: Float = 0.5) throws -> Tensor {
        try predictProbabilities(x) .> threshold
    }
}
