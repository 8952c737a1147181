import DendriteCore

/// A quality measure reported during `fit` and by `evaluate`: any ``StreamingMetric``, with
/// Keras' built-in ones as static members (`.accuracy`, `.precision(threshold: 0.4)`, …).
///
/// `.accuracy` picks the right kind from the loss and output width, as Keras does: sparse
/// categorical for integer labels, binary (threshold 0.5) for one output, categorical otherwise.
/// Metrics always see probabilities: a model trained on logits has sigmoid/softmax applied first.
/// Two metrics are equal when their names and settings are.
public struct Metric: Sendable, Hashable {
    public let function: any StreamingMetric

    public init(_ function: some StreamingMetric) { self.function = function }
    init(any function: any StreamingMetric) { self.function = function }

    public static let accuracy = Metric(Metrics.Accuracy())
    public static let binaryAccuracy = Metric(Metrics.BinaryAccuracy())
    public static func binaryAccuracy(threshold: Float) -> Metric { Metric(Metrics.BinaryAccuracy(threshold: threshold)) }
    public static let categoricalAccuracy = Metric(Metrics.CategoricalAccuracy())
    public static let sparseCategoricalAccuracy = Metric(Metrics.SparseCategoricalAccuracy())
    public static let topKCategoricalAccuracy = Metric(Metrics.TopKCategoricalAccuracy())
    public static func topKCategoricalAccuracy(k: Int) -> Metric { Metric(Metrics.TopKCategoricalAccuracy(k: k)) }
    public static let sparseTopKCategoricalAccuracy = Metric(Metrics.SparseTopKCategoricalAccuracy())
    public static func sparseTopKCategoricalAccuracy(k: Int) -> Metric { Metric(Metrics.SparseTopKCategoricalAccuracy(k: k)) }
    public static let precision = Metric(Metrics.Precision())
    public static func precision(threshold: Float) -> Metric { Metric(Metrics.Precision(threshold: threshold)) }
    public static let recall = Metric(Metrics.Recall())
    public static func recall(threshold: Float) -> Metric { Metric(Metrics.Recall(threshold: threshold)) }
    public static let f1Score = Metric(Metrics.F1Score())
    public static func f1Score(threshold: Float) -> Metric { Metric(Metrics.F1Score(threshold: threshold)) }
    /// Area under the ROC curve (Keras' `AUC()`, 200 thresholds).
    public static let auc = Metric(Metrics.AUC())
    public static func auc(curve: Metrics.AUC.Curve, numThresholds: Int = 200) -> Metric {
        Metric(Metrics.AUC(curve: curve, numThresholds: numThresholds))
    }
    public static func meanIoU(numClasses: Int) -> Metric { Metric(Metrics.MeanIoU(numClasses: numClasses)) }
    public static let r2Score = Metric(Metrics.R2Score())
    public static let meanAbsoluteError = Metric(Metrics.MeanAbsoluteError())
    public static let mae = meanAbsoluteError
    public static let meanSquaredError = Metric(Metrics.MeanSquaredError())
    public static let mse = meanSquaredError
    public static let rootMeanSquaredError = Metric(Metrics.RootMeanSquaredError())

    /// The key in histories and `evaluate` results (Keras' spelling).
    public var name: String { function.name }

    /// The metric registered as `name` (Keras spelling), with default settings.
    public init?(named name: String) {
        guard let metric = try? MetricRegistry.metric(from: .string(name)) else { return nil }
        self = metric
    }

    /// `"accuracy"`, or `{"name": …, <settings>}`: the entry in `config.json`.
    public var configuration: JSONValue {
        let settings = function.configuration
        guard !settings.isEmpty else { return .string(name) }
        return .object(settings.merging(["name": .string(name)]) { $1 })
    }

    /// Throws ``DendriteError`` naming a bad setting and its value.
    public func validate() throws { try function.validate() }

    /// The metric made concrete for a loss and an output width (`.accuracy` becomes a specific one).
    func resolved(for loss: Loss, outputWidth: Int) -> Metric {
        Metric(any: function.resolved(for: loss, outputWidth: outputWidth))
    }

    public static func == (a: Metric, b: Metric) -> Bool { a.configuration == b.configuration }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// The running statistics of one metric over the batches of an epoch.
struct MetricAccumulator {
    /// The key reported: the name the user asked for (`accuracy`), as Keras does.
    let name: String
    private var running: any RunningMetric

    init(_ metric: Metric, reportedAs name: String) {
        self.name = name
        running = Self.start(metric.function)
    }

    private static func start<M: StreamingMetric>(_ metric: M) -> any RunningMetric {
        Running(metric: metric, state: metric.initialState)
    }

    /// Adds a batch of probabilities (or values) and targets.
    mutating func update(_ predictions: Tensor, _ targets: Tensor) { running.update(predictions, targets) }

    var result: Float { running.result }
}

private protocol RunningMetric {
    mutating func update(_ predictions: Tensor, _ targets: Tensor)
    var result: Float { get }
}

private struct Running<M: StreamingMetric>: RunningMetric {
    let metric: M
    var state: M.State

    mutating func update(_ predictions: Tensor, _ targets: Tensor) {
        metric.update(&state, predictions: predictions, targets: targets)
    }

    var result: Float { metric.result(state) }
}
