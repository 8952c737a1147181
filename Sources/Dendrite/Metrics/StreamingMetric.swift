import DendriteCore

/// One metric of the family that `compile(metrics:)` accepts, wrapped in a ``Metric``: a rule
/// that folds batches into running statistics (its `State`) and reads the result off them, as
/// Keras' `update_state` / `result` do.
///
/// Metrics see probabilities (a model trained on logits has its sigmoid or softmax applied first)
/// and targets as the loss takes them. Adding one takes one file and a line in ``MetricRegistry``
/// (see docs/extending.md):
///
/// ```swift
/// struct MaxAbsoluteError: StreamingMetric {
///     var name: String { "max_absolute_error" }
///     var initialState: Float { 0 }
///     func update(_ state: inout Float, predictions: Tensor, targets: Tensor) {
///         for (p, y) in zip(predictions.scalars, targets.scalars) { state = max(state, abs(p - y)) }
///     }
///     func result(_ state: Float) -> Float { state }
/// }
/// MetricRegistry.register("max_absolute_error") { _ in MaxAbsoluteError() }
/// model.compile(optimizer: Adam(), loss: .mse, metrics: [Metric(MaxAbsoluteError())])
/// ```
public protocol StreamingMetric: Sendable {
    /// The running statistics of one epoch.
    associatedtype State
    /// Keras' name: the key in histories and `evaluate` results, in `config.json` and in
    /// ``MetricRegistry``.
    var name: String { get }
    /// The settings besides the name, with Keras' keys (`threshold`, `k`); empty by default.
    var configuration: [String: JSONValue] { get }
    /// The statistics before the first batch.
    var initialState: State { get }
    /// Folds in a batch of predictions `[batch, …]` and its targets.
    func update(_ state: inout State, predictions: Tensor, targets: Tensor)
    /// The metric's value for the batches folded in so far.
    func result(_ state: State) -> Float
    /// The metric to compute for a loss and an output width (`accuracy` becomes binary,
    /// categorical or sparse categorical accuracy); itself by default.
    func resolved(for loss: Loss, outputWidth: Int) -> any StreamingMetric
    /// Throws ``DendriteError`` naming a bad setting and its value; called by `fit`, `evaluate`
    /// and `trainOnBatch` before any work. Accepts everything by default.
    func validate() throws
}

extension StreamingMetric {
    public var configuration: [String: JSONValue] { [:] }
    public func resolved(for loss: Loss, outputWidth: Int) -> any StreamingMetric { self }
    public func validate() throws {}
}

/// Counts of hits among trials, the state of the accuracies.
public struct HitCount: Sendable {
    public var hits = 0.0, trials = 0.0
    public init() {}
    public var ratio: Float { trials > 0 ? Float(hits / trials) : 0 }
}

/// Confusion counts at one threshold, the state of precision, recall and F1.
public struct ConfusionCounts: Sendable {
    public var truePositives = 0.0, falsePositives = 0.0, falseNegatives = 0.0
    public init() {}

    /// Counts `value > threshold` against `target > 0.5`, element by element.
    mutating func add(_ predictions: Tensor, _ targets: Tensor, threshold: Float) {
        for (value, target) in zip(predictions.scalars, targets.scalars) {
            let predictedPositive = value > threshold, actualPositive = target > 0.5
            if predictedPositive && actualPositive { truePositives += 1 }
            if predictedPositive && !actualPositive { falsePositives += 1 }
            if !predictedPositive && actualPositive { falseNegatives += 1 }
        }
    }
}

/// Running sums of errors, the state of the regression metrics.
public struct ErrorSums: Sendable {
    public var absolute = 0.0, squared = 0.0, targetSum = 0.0, targetSquares = 0.0, count = 0.0
    public init() {}

    mutating func add(_ predictions: Tensor, _ targets: Tensor) {
        for (value, target) in zip(predictions.scalars, targets.scalars) {
            let error = Double(value) - Double(target)
            squared += error * error
            absolute += Swift.abs(error)
            targetSum += Double(target)
            targetSquares += Double(target) * Double(target)
        }
        count += Double(predictions.count)
    }
}

extension Tensor {
    /// The predicted class of every row `[batch, classes]` (the first maximum), or `> 0.5` for one column.
    /// Each value as a class id, or −1 (no class) where it is not a whole number that fits an
    /// `Int`: a fractional, huge or non-finite target matches no prediction instead of trapping.
    var classIds: [Int] { scalars.map { Int(exactly: $0) ?? -1 } }

    var predictedClasses: [Int] {
        let rows = shape.first ?? 0, width = rows > 0 ? count / rows : 1, values = scalars
        guard width > 1 else { return values.map { $0 > 0.5 ? 1 : 0 } }
        return (0..<rows).map { row in
            var best = 0
            for column in 1..<width where values[row * width + column] > values[row * width + best] { best = column }
            return best
        }
    }
}
