import Dendrite

/// Rosenblatt's perceptron: a neuron with a step activation, trained by the perceptron learning rule.
///
///     ŷ = step(w · x + b),   step(z) = 1 if z ≥ 0, else 0
///
/// `fit` visits the samples in order and, after each one, corrects the weights by the error
/// (nothing changes when the prediction is right):
///
///     w ← w + η (y − ŷ) x
///     b ← b + η (y − ŷ)
///
/// It stops after the first epoch without a mistake. The perceptron convergence theorem guarantees
/// that epoch comes when the classes are linearly separable (AND, OR); otherwise (XOR) the weights
/// cycle for ever, and `fit` gives up after `maxEpochs`, reporting `converged == false`.
///
/// ```swift
/// var perceptron = Perceptron(inputCount: 2)
/// let result = try perceptron.fit(Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), Tensor([0, 0, 0, 1]))
/// result.converged                     // true
/// try perceptron.predict(Tensor([[1, 1]]))   // [1]
/// ```
public struct Perceptron: Sendable, Equatable {
    /// One weight per input.
    public private(set) var weights: [Float]
    public private(set) var bias: Float

    /// A perceptron for `inputCount` inputs, with zero weights and bias (the deterministic textbook
    /// start) or, given a seed, weights and bias drawn uniformly from [−0.5, 0.5).
    public init(inputCount: Int, seed: UInt64? = nil) {
        let count = Swift.max(inputCount, 0)
        guard let seed else {
            self.init(weights: Array(repeating: 0, count: count), bias: 0)
            return
        }
        let values = Tensor.randomUniform([count + 1], low: -0.5, high: 0.5, seed: seed).scalars
        self.init(weights: Array(values.dropLast()), bias: values[count])
    }

    /// A perceptron with the given weights and bias.
    public init(weights: [Float], bias: Float) {
        self.weights = weights
        self.bias = bias
    }

    /// Trains on features `x` `[n, inputCount]` and 0/1 labels `y` `[n]` or `[n, 1]`, continuing from
    /// the current weights, until an epoch makes no mistake or `maxEpochs` epochs have run.
    @discardableResult
    public mutating func fit(_ x: Tensor, _ y: Tensor, learningRate: Float = 0.1,
                             maxEpochs: Int = 100) throws -> PerceptronResult {
        try ClassicValidation.checkBinaryTrainingData(x, y, inputCount: weights.count, model: "Perceptron")
        try ClassicValidation.checkTrainingSettings(learningRate: learningRate, epochs: maxEpochs,
                                                    epochsName: "maxEpochs", model: "Perceptron")
        let samples = rows(of: x), labels = y.scalars
        var errorsPerEpoch: [Int] = []
        while errorsPerEpoch.count < maxEpochs && errorsPerEpoch.last != 0 {
            var errors = 0
            for (sample, label) in zip(samples, labels) {
                let error = label - prediction(for: sample)
                guard error != 0 else { continue }
                errors += 1
                weights = zip(weights, sample).map { w, x in w + learningRate * error * x }
                bias += learningRate * error
            }
            errorsPerEpoch.append(errors)
        }
        return PerceptronResult(converged: errorsPerEpoch.last == 0, epochs: errorsPerEpoch.count,
                                errorsPerEpoch: errorsPerEpoch)
    }

    /// The predicted labels, 0 or 1, of features `[n, inputCount]`, as a tensor `[n]`.
    public func predict(_ x: Tensor) throws -> Tensor {
        try ClassicValidation.checkFeatures(x, inputCount: weights.count, model: "Perceptron")
        return Tensor(rows(of: x).map(prediction(for:)))
    }

    /// step(w · x + b) for one sample.
    private func prediction(for sample: [Float]) -> Float {
        zip(weights, sample).map { $0 * $1 }.reduce(bias, +) >= 0 ? 1 : 0
    }
}

/// What `Perceptron.fit` did.
public struct PerceptronResult: Sendable, Equatable {
    /// Whether the last epoch classified every sample correctly.
    public let converged: Bool
    /// Epochs run (the converging one included).
    public let epochs: Int
    /// Mistakes (weight updates) in each epoch.
    public let errorsPerEpoch: [Int]
}

/// The rows of a matrix `[n, d]` as arrays.
private func rows(of x: Tensor) -> [[Float]] {
    let values = x.scalars, width = x.shape[1]
    return (0..<x.shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
}
