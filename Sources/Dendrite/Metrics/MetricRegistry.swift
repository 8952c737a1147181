import DendriteCore

/// Maps a metric's key to how to rebuild it from its `config.json` entry, so that
/// `Sequential.load(from:)` can make any registered metric. The built-in metrics are registered;
/// a new one registers with one line:
///
/// ```swift
/// MetricRegistry.register("max_absolute_error") { _ in MaxAbsoluteError() }
/// ```
public enum MetricRegistry {
    private static let registry = NameRegistry<any StreamingMetric>([
        "accuracy": { _ in Metrics.Accuracy() },
        "binary_accuracy": { Metrics.BinaryAccuracy(threshold: try $0.float("threshold", default: 0.5)) },
        "categorical_accuracy": { _ in Metrics.CategoricalAccuracy() },
        "sparse_categorical_accuracy": { _ in Metrics.SparseCategoricalAccuracy() },
        "top_k_categorical_accuracy": { Metrics.TopKCategoricalAccuracy(k: try $0.int("k", default: 5)) },
        "sparse_top_k_categorical_accuracy": { Metrics.SparseTopKCategoricalAccuracy(k: try $0.int("k", default: 5)) },
        "precision": { Metrics.Precision(threshold: try $0.float("threshold", default: 0.5)) },
        "recall": { Metrics.Recall(threshold: try $0.float("threshold", default: 0.5)) },
        "f1_score": { Metrics.F1Score(threshold: try $0.float("threshold", default: 0.5)) },
        "auc": { try auc($0, curve: .roc) },
        "pr_auc": { try auc($0, curve: .pr) },
        "mean_io_u": { Metrics.MeanIoU(numClasses: try $0.int("num_classes", default: 2)) },
        "r2_score": { _ in Metrics.R2Score() },
        "mae": { _ in Metrics.MeanAbsoluteError() },
        "mse": { _ in Metrics.MeanSquaredError() },
        // Keras' long names for the same metrics (what its MeanAbsoluteError and MeanSquaredError classes save).
        "mean_absolute_error": { _ in Metrics.MeanAbsoluteError() },
        "mean_squared_error": { _ in Metrics.MeanSquaredError() },
        "root_mean_squared_error": { _ in Metrics.RootMeanSquaredError() },
    ])

    private static func auc(_ settings: SavedSettings, curve: Metrics.AUC.Curve) throws -> Metrics.AUC {
        let name = try settings.string("curve", default: curve.rawValue)
        guard let chosen = Metrics.AUC.Curve(rawValue: name) else { throw settings.problem("curve", "must be \"ROC\" or \"PR\", got \"\(name)\"") }
        return Metrics.AUC(curve: chosen, numThresholds: try settings.int("num_thresholds", default: 200))
    }

    /// Makes the metric with key `name` loadable: `decode` rebuilds it from its saved settings
    /// (replacing an earlier registration of that name).
    public static func register(_ name: String, _ decode: @escaping @Sendable (SavedSettings) throws -> any StreamingMetric) {
        registry.register(name, decode)
    }

    /// The registered names, sorted.
    public static var names: [String] { registry.names }

    /// The metric a `config.json` entry (`"accuracy"` or `{"name": …, <settings>}`) describes, its
    /// settings checked. Throws ``DendriteError`` (`.invalidFile`) for unknown names and bad settings.
    public static func metric(from configuration: JSONValue) throws -> Metric {
        let settings = try SavedSettings(configuration, setting: "metrics")
        let metric = Metric(any: try registry.make(settings, family: "metric"))
        do { try metric.validate() } catch let error as DendriteError { throw settings.invalid(error.message) }
        return metric
    }
}
