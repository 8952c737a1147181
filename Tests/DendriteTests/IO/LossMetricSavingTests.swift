import Foundation
import Testing
@testable import Dendrite

/// A loss defined outside the library: the pinball (quantile) loss `mean(max(τ·e, (τ − 1)·e))`
/// with e = y − ŷ.
struct QuantileLoss: LossFunction {
    var tau: Float
    var name: String { "quantile" }
    var configuration: [String: JSONValue] { ["tau": .float(tau)] }

    func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
        let error = targets.reshaped(output.shape) - output
        return maximum(error * tau, error * (tau - 1)).reshaped([output.shape[0], -1]).mean(alongAxis: 1)
    }

    func validate() throws {
        guard (0...1).contains(tau) else { throw DendriteError(.invalidArgument, "quantile: tau must be in [0, 1], got \(tau)") }
    }
}

/// A metric defined outside the library: the largest absolute error seen, optionally scaled.
struct MaxAbsoluteError: StreamingMetric {
    var scale: Float = 1
    var name: String { "max_absolute_error" }
    var configuration: [String: JSONValue] { ["scale": .float(scale)] }
    var initialState: Float { 0 }

    func update(_ state: inout Float, predictions: Tensor, targets: Tensor) {
        for (p, y) in zip(predictions.scalars, targets.scalars) { state = Swift.max(state, Swift.abs(p - y)) }
    }

    func result(_ state: Float) -> Float { state * scale }
}

@Suite struct LossMetricSavingTests {
    static func registerCustomMembers() {
        LossRegistry.register("quantile") { QuantileLoss(tau: try $0.float("tau", default: 0.5)) }
        MetricRegistry.register("max_absolute_error") { MaxAbsoluteError(scale: try $0.float("scale", default: 1)) }
    }

    /// Every built-in loss, with settings other than the defaults wherever it has settings.
    static let losses: [Loss] = [
        .mse, .mae, .huber(delta: 0.7), .binaryCrossentropy(fromLogits: true, labelSmoothing: 0.1),
        .categoricalCrossentropy(fromLogits: true, labelSmoothing: 0.2), .sparseCategoricalCrossentropy(fromLogits: true),
        .binaryFocalCrossentropy(applyClassBalancing: true, alpha: 0.3, gamma: 1.5, fromLogits: true, labelSmoothing: 0.05),
        .klDivergence, .hinge, .squaredHinge, .categoricalHinge, .cosineSimilarity, .logCosh, .poisson,
    ]

    /// Every built-in metric, with settings other than the defaults wherever it has settings.
    static let metrics: [Metric] = [
        .accuracy, .binaryAccuracy(threshold: 0.3), .categoricalAccuracy, .sparseCategoricalAccuracy,
        .topKCategoricalAccuracy(k: 2), .sparseTopKCategoricalAccuracy(k: 3), .precision(threshold: 0.6),
        .recall(threshold: 0.2), .f1Score(threshold: 0.4), .auc(curve: .roc, numThresholds: 50), .auc(curve: .pr),
        .meanIoU(numClasses: 3), .r2Score, .mae, .mse, .rootMeanSquaredError,
    ]

    @Test func listsCoverEveryRegisteredName() {
        let custom: Set = ["quantile", "max_absolute_error"]
        #expect(Set(Self.losses.map(\.name)) == Set(LossRegistry.names).subtracting(custom.union(["mse", "mae"])))
        // Keras' long names are aliases of mae and mse.
        #expect(Set(Self.metrics.map(\.name)) == Set(MetricRegistry.names).subtracting(custom.union(["mean_absolute_error", "mean_squared_error"])))
    }

    @Test(arguments: losses) func everyLossAndMetricRoundTripsThroughConfigJSON(_ loss: Loss) throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try SavingSupport.model()
        model.compile(optimizer: Adam(), loss: loss, metrics: Self.metrics)
        try model.build(inputShape: [3])
        try model.save(to: directory.appendingPathComponent("model"))
        let loaded = try Sequential.load(from: directory.appendingPathComponent("model"))
        #expect(loaded.loss == loss)
        #expect(loaded.loss?.configuration == loss.configuration)
        let metrics = try #require(try loaded.compiled?.objectives(for: loaded).first?.metrics)
        #expect(metrics == Self.metrics)
        #expect(metrics.map(\.configuration) == Self.metrics.map(\.configuration))
    }

    @Test func aCustomLossAndMetricCompileTrainSaveAndLoad() throws {
        Self.registerCustomMembers()
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x = SavingSupport.x, y = x.sum(alongAxes: [1], keepingDimensions: true) * 0.5
        let model = Sequential(seed: 5) { Dense(8, activation: .tanh, inputShape: [3]); Dense(1) }
        let loss = Loss(QuantileLoss(tau: 0.3)), metric = Metric(MaxAbsoluteError(scale: 2))
        model.compile(optimizer: Adam(learningRate: 0.02), loss: loss, metrics: [metric, .mae])
        let history = try model.fit(x, y, epochs: 30, batchSize: 8, verbose: 0)
        let losses = try #require(history["loss"]), maxima = try #require(history["max_absolute_error"])
        #expect(losses.last! < 0.5 * losses.first!)
        #expect(maxima.allSatisfy { $0 > 0 } && maxima.last! < maxima.first!)

        let url = directory.appendingPathComponent("model")
        try model.save(to: url)
        let config = try String(contentsOf: url.appendingPathComponent("config.json"), encoding: .utf8)
        #expect(config.contains("\"quantile\"") && config.contains("\"max_absolute_error\""))
        let loaded = try Sequential.load(from: url)
        #expect(try loaded.loss == loss && loaded.compiled?.objectives(for: loaded).first?.metrics == [metric, .mae])
        let (original, restored) = (try model.evaluate(x, y), try loaded.evaluate(x, y))
        #expect(restored["loss"] == original["loss"] && restored["max_absolute_error"] == original["max_absolute_error"])
        try loaded.fit(x, y, epochs: 1, batchSize: 8, verbose: 0)
    }

    /// Entries as files written before the families opened (no label smoothing, thresholds only on
    /// some metrics) load with the defaults for what they lack.
    @Test func olderEntriesLoadWithDefaults() throws {
        #expect(try LossRegistry.loss(from: ["name": "binary_crossentropy", "from_logits": true])
            == .binaryCrossentropy(fromLogits: true))
        #expect(try LossRegistry.loss(from: ["name": "categorical_crossentropy", "from_logits": false]) == .categoricalCrossentropy)
        #expect(try LossRegistry.loss(from: "mean_squared_error") == .mse)
        #expect(try LossRegistry.loss(from: ["name": "huber", "delta": .number(0.5)]) == .huber(delta: 0.5))
        #expect(try MetricRegistry.metric(from: "auc") == .auc)
        #expect(try MetricRegistry.metric(from: ["name": "precision", "threshold": .number(0.4)]) == .precision(threshold: 0.4))
        #expect(Metric(named: "f1_score") == .f1Score && Metric(named: "nonsense") == nil)
    }

    @Test func badEntriesThrowNamingTheSetting() {
        let cases: [(JSONValue, String)] = [
            (["name": "binary_focal_crossentropy", "gamma": .number(-2)], "gamma must be ≥ 0, got -2.0"),
            (["name": "binary_crossentropy", "label_smoothing": "a lot"], "'label_smoothing' must be a number"),
            ("nonsense", "unknown loss 'nonsense'"),
        ]
        for (entry, expected) in cases {
            let error = #expect(throws: DendriteError.self) { try LossRegistry.loss(from: entry) }
            #expect(error?.kind == .invalidFile && error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
        let metricError = #expect(throws: DendriteError.self) {
            try MetricRegistry.metric(from: ["name": "top_k_categorical_accuracy", "k": .number(2.5)])
        }
        #expect(metricError?.message.contains("'k' must be a whole number, got 2.5") == true)
        let curveError = #expect(throws: DendriteError.self) { try MetricRegistry.metric(from: ["name": "auc", "curve": "PRGAIN"]) }
        #expect(curveError?.message.contains("'curve' must be \"ROC\" or \"PR\"") == true)
    }
}
