import DendriteCore

/// The loss that `compile` takes: any ``LossFunction``, with Keras' built-in ones as static members
/// (`.binaryCrossentropy`, `.huber(delta: 0.5)`, …) and the batch reduction.
///
/// When a model ends in a sigmoid (softmax) activation and the loss is binary (categorical)
/// cross-entropy on probabilities, training computes it from the logits in the fused, stable form;
/// the values differ from Keras' clipped form only where a probability is within 1e-7 of 0 or 1.
/// Two losses are equal when their names and settings are.
public struct Loss: Sendable, Hashable {
    public let function: any LossFunction

    public init(_ function: some LossFunction) { self.function = function }
    init(any function: any LossFunction) { self.function = function }

    public static let meanSquaredError = Loss(Losses.MeanSquaredError())
    public static let mse = meanSquaredError
    public static let meanAbsoluteError = Loss(Losses.MeanAbsoluteError())
    public static let mae = meanAbsoluteError
    /// Huber loss with δ = 1.
    public static let huber = Loss(Losses.Huber())
    public static func huber(delta: Float) -> Loss { Loss(Losses.Huber(delta: delta)) }
    public static let binaryCrossentropy = Loss(Losses.BinaryCrossentropy())
    public static func binaryCrossentropy(fromLogits: Bool = false, labelSmoothing: Float = 0) -> Loss {
        Loss(Losses.BinaryCrossentropy(fromLogits: fromLogits, labelSmoothing: labelSmoothing))
    }
    public static let categoricalCrossentropy = Loss(Losses.CategoricalCrossentropy())
    public static func categoricalCrossentropy(fromLogits: Bool = false, labelSmoothing: Float = 0) -> Loss {
        Loss(Losses.CategoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: labelSmoothing))
    }
    public static let sparseCategoricalCrossentropy = Loss(Losses.SparseCategoricalCrossentropy())
    public static func sparseCategoricalCrossentropy(fromLogits: Bool) -> Loss {
        Loss(Losses.SparseCategoricalCrossentropy(fromLogits: fromLogits))
    }
    public static let binaryFocalCrossentropy = Loss(Losses.BinaryFocalCrossentropy())
    public static func binaryFocalCrossentropy(applyClassBalancing: Bool = false, alpha: Float = 0.25, gamma: Float = 2,
                                               fromLogits: Bool = false, labelSmoothing: Float = 0) -> Loss {
        Loss(Losses.BinaryFocalCrossentropy(applyClassBalancing: applyClassBalancing, alpha: alpha, gamma: gamma,
                                            fromLogits: fromLogits, labelSmoothing: labelSmoothing))
    }
    public static let klDivergence = Loss(Losses.KLDivergence())
    public static let hinge = Loss(Losses.Hinge())
    public static let squaredHinge = Loss(Losses.SquaredHinge())
    public static let categoricalHinge = Loss(Losses.CategoricalHinge())
    public static let cosineSimilarity = Loss(Losses.CosineSimilarity())
    public static let logCosh = Loss(Losses.LogCosh())
    public static let poisson = Loss(Losses.Poisson())

    /// Keras' name (`binary_crossentropy`, …).
    public var name: String { function.name }

    /// True when targets are integer class ids rather than values shaped like the output.
    public var usesClassLabels: Bool { function.targetKind == .classIndices }

    /// What the targets hold.
    public var targetKind: LossTargets { function.targetKind }

    /// The activation whose logits this loss can take directly (fused form), if any.
    var fusableActivation: Activation? { function.fusableActivation }

    /// The activation metrics apply to the output (for losses that take logits), if any.
    var outputActivation: Activation? { function.outputActivation }

    /// The cross-entropy that `DenseStackStep` computes in closed form, if this loss is one.
    var graphFreeForm: GraphFreeCrossEntropy? { (function as? any GraphFreeLoss)?.graphFreeForm }

    /// `"mse"`, or `{"name": …, <settings>}`: the entry in `config.json`.
    public var configuration: JSONValue {
        let settings = function.configuration
        guard !settings.isEmpty else { return .string(name) }
        return .object(settings.merging(["name": .string(name)]) { $1 })
    }

    /// Throws ``DendriteError`` naming a bad setting and its value.
    public func validate() throws { try function.validate() }

    /// Per-sample losses `[batch]` for model outputs `[batch, …]`.
    ///
    /// - Parameters:
    ///   - output: what the model returned (probabilities, logits or values).
    ///   - targets: same shape as `output`, or `[batch]` / `[batch, 1]` class ids for the sparse loss.
    public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor { function.perSample(output, targets) }

    /// Per-sample losses computed from the logits of a final ``fusableActivation`` (fused, stable).
    func perSample(logits: Tensor, _ targets: Tensor) -> Tensor { function.perSample(logits: logits, targets) }

    /// The batch loss: the mean of the per-sample losses, weighted when weights are given
    /// (Σ wᵢ·lossᵢ / n, Keras' `sum_over_batch_size`).
    public func callAsFunction(_ output: Tensor, _ targets: Tensor, sampleWeights: Tensor? = nil) -> Tensor {
        Loss.reduce(perSample(output, targets), sampleWeights)
    }

    static func reduce(_ perSample: Tensor, _ sampleWeights: Tensor?) -> Tensor {
        guard let sampleWeights else { return perSample.mean() }
        return (perSample * sampleWeights).sum() / Float(perSample.count)
    }

    public static func == (a: Loss, b: Loss) -> Bool { a.configuration == b.configuration }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// Keras' losses as ``LossFunction`` types (`Losses.Huber(delta: 0.5)`); ``Loss`` has a static
/// member for each.
public enum Losses {}

/// The cross-entropies that `DenseStackStep` computes in closed form from the logits.
enum GraphFreeCrossEntropy {
    /// Mean sigmoid cross-entropy, targets shaped like the logits.
    case sigmoid
    /// Softmax cross-entropy with class ids.
    case sparseSoftmax
}

/// A loss whose logits form `DenseStackStep` can compute without the graph (when it is nil, it
/// goes through `perSample(logits:_:)`).
protocol GraphFreeLoss {
    var graphFreeForm: GraphFreeCrossEntropy? { get }
}
