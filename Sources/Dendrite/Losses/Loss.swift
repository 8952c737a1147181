import DendriteCore

/// A loss function with Keras' definitions: a per-sample value (the mean over the last axis for
/// element-wise losses), then the mean over the batch.
///
/// When a model ends in a sigmoid (softmax) activation and the loss is binary (categorical)
/// cross-entropy on probabilities, training computes it from the logits in the fused, stable form;
/// the values differ from Keras' clipped form only where a probability is within 1e-7 of 0 or 1.
public struct Loss: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        case meanSquaredError
        case meanAbsoluteError
        case huber(delta: Float)
        case binaryCrossentropy(fromLogits: Bool)
        case categoricalCrossentropy(fromLogits: Bool)
        case sparseCategoricalCrossentropy(fromLogits: Bool)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public static let meanSquaredError = Loss(.meanSquaredError)
    public static let mse = meanSquaredError
    public static let meanAbsoluteError = Loss(.meanAbsoluteError)
    public static let mae = meanAbsoluteError
    /// Huber loss with δ = 1.
    public static let huber = Loss(.huber(delta: 1))
    public static func huber(delta: Float) -> Loss { Loss(.huber(delta: delta)) }
    public static let binaryCrossentropy = Loss(.binaryCrossentropy(fromLogits: false))
    public static func binaryCrossentropy(fromLogits: Bool) -> Loss { Loss(.binaryCrossentropy(fromLogits: fromLogits)) }
    public static let categoricalCrossentropy = Loss(.categoricalCrossentropy(fromLogits: false))
    public static func categoricalCrossentropy(fromLogits: Bool) -> Loss {
        Loss(.categoricalCrossentropy(fromLogits: fromLogits))
    }
    public static let sparseCategoricalCrossentropy = Loss(.sparseCategoricalCrossentropy(fromLogits: false))
    public static func sparseCategoricalCrossentropy(fromLogits: Bool) -> Loss {
        Loss(.sparseCategoricalCrossentropy(fromLogits: fromLogits))
    }

    /// Keras' name (`binary_crossentropy`, …).
    public var name: String {
        switch kind {
        case .meanSquaredError: "mean_squared_error"
        case .meanAbsoluteError: "mean_absolute_error"
        case .huber: "huber"
        case .binaryCrossentropy: "binary_crossentropy"
        case .categoricalCrossentropy: "categorical_crossentropy"
        case .sparseCategoricalCrossentropy: "sparse_categorical_crossentropy"
        }
    }

    /// Keras' clipping constant for probabilities.
    static let epsilon: Float = 1e-7

    /// True when targets are integer class ids rather than values shaped like the output.
    public var usesClassLabels: Bool {
        if case .sparseCategoricalCrossentropy = kind { return true }
        return false
    }

    /// The activation whose logits this loss can take directly (fused form), if any.
    var fusableActivation: Activation? {
        switch kind {
        case .binaryCrossentropy(false): .sigmoid
        case .categoricalCrossentropy(false), .sparseCategoricalCrossentropy(false): .softmax
        default: nil
        }
    }

    /// Per-sample losses `[batch]` for model outputs `[batch, …]`.
    ///
    /// - Parameters:
    ///   - output: what the model returned (probabilities, logits or values).
    ///   - targets: same shape as `output`, or `[batch]` / `[batch, 1]` class ids for the sparse loss.
    public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
        let batch = output.shape[0]
        switch kind {
        case .meanSquaredError:
            return rowMean((output - aligned(targets, output)).squared(), batch)
        case .meanAbsoluteError:
            return rowMean((output - aligned(targets, output)).abs(), batch)
        case .huber(let delta):
            let error = (output - aligned(targets, output)).abs()
            let quadratic = error.clamped(to: 0, delta)
            return rowMean(quadratic.squared() * 0.5 + (error - quadratic) * delta, batch)
        case .binaryCrossentropy(let fromLogits):
            let y = aligned(targets, output)
            if fromLogits { return rowMean(Tensor.sigmoidCrossEntropy(logits: output, targets: y), batch) }
            let p = output.clamped(to: Loss.epsilon, 1 - Loss.epsilon)
            return rowMean(-(y * p.log() + (1 - y) * (1 - p).log()), batch)
        case .categoricalCrossentropy(let fromLogits):
            let y = aligned(targets, output)
            if fromLogits { return Tensor.softmaxCrossEntropy(logits: output, targets: y) }
            let p = (output / output.sum(alongAxes: [-1], keepingDimensions: true))
                .clamped(to: Loss.epsilon, 1 - Loss.epsilon)
            return -(y * p.log()).sum(alongAxes: [-1])
        case .sparseCategoricalCrossentropy(let fromLogits):
            let labels = targets.scalars.map { Int($0) }
            if fromLogits { return Tensor.sparseSoftmaxCrossEntropy(logits: output, labels: labels) }
            let p = (output / output.sum(alongAxes: [-1], keepingDimensions: true))
                .clamped(to: Loss.epsilon, 1 - Loss.epsilon)
            let picked = p.reshaped([-1]).gathering(labels.enumerated().map { $0.offset * output.shape[1] + $0.element })
            return -picked.log()
        }
    }

    /// Per-sample losses computed from the logits of a final sigmoid/softmax (fused, stable).
    func perSample(logits: Tensor, _ targets: Tensor) -> Tensor {
        switch kind {
        case .binaryCrossentropy:
            return rowMean(Tensor.sigmoidCrossEntropy(logits: logits, targets: aligned(targets, logits)), logits.shape[0])
        case .categoricalCrossentropy:
            return Tensor.softmaxCrossEntropy(logits: logits, targets: aligned(targets, logits))
        default:
            return Tensor.sparseSoftmaxCrossEntropy(logits: logits, labels: targets.scalars.map { Int($0) })
        }
    }

    /// The batch loss: the mean of the per-sample losses, weighted when weights are given
    /// (Σ wᵢ·lossᵢ / n, Keras' `sum_over_batch_size`).
    public func callAsFunction(_ output: Tensor, _ targets: Tensor, sampleWeights: Tensor? = nil) -> Tensor {
        Loss.reduce(perSample(output, targets), sampleWeights)
    }

    static func reduce(_ perSample: Tensor, _ sampleWeights: Tensor?) -> Tensor {
        guard let sampleWeights else { return perSample.mean() }
        return (perSample * sampleWeights).sum() / Float(perSample.count)
    }

    private func rowMean(_ values: Tensor, _ batch: Int) -> Tensor {
        values.reshaped([batch, -1]).mean(alongAxis: 1)
    }

    /// Targets given as `[batch]` for a `[batch, 1]` output are reshaped to match.
    private func aligned(_ targets: Tensor, _ output: Tensor) -> Tensor {
        targets.shape == output.shape ? targets : targets.reshaped(output.shape)
    }
}
