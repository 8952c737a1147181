import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_metrics.json` (Scripts/fixtures/make_loss_metric_fixtures.py): every
/// metric added with the open family, built by ``MetricRegistry``, gives Keras' result after each
/// of three batches streamed into it, to 1e-5 relative.
@Suite struct MetricFixtureTests {
    struct Batch: Decodable, Sendable {
        let predictions: KerasFixtures.Values
        let targets: KerasFixtures.Values
    }

    struct Case: Decodable, Sendable {
        let name: String
        let metric: JSONValue
        let batches: [Batch]
        let results: [Float]
    }

    struct File: Decodable, Sendable {
        let metrics: [Case]
    }

    static let cases: [Case] = (try? KerasFixtures.load("keras_metrics", as: File.self).metrics) ?? []

    @Test(arguments: cases.map(\.name)) func metricMatchesKerasBatchByBatch(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let metric = try MetricRegistry.metric(from: fixture.metric)
        var accumulator = MetricAccumulator(metric, reportedAs: metric.name)
        for (batch, expected) in zip(fixture.batches, fixture.results) {
            accumulator.update(batch.predictions.tensor, batch.targets.tensor)
            expectClose(Tensor(accumulator.result), Tensor(expected), "\(name) after \(batch.predictions.shape[0]) rows")
        }
    }

    @Test func fixtureFileCoversEveryNewMetric() throws {
        let file = try KerasFixtures.load("keras_metrics", as: File.self)
        let names = Set(try file.metrics.map { try MetricRegistry.metric(from: $0.metric).name })
        #expect(names == ["top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "root_mean_squared_error",
                          "mean_io_u", "auc", "pr_auc"])
    }

    /// Keras' thresholded ROC area lies within the bucket width of the exact area by ranking.
    @Test func thresholdedROCAreaIsCloseToTheExactOne() throws {
        let fixture = try #require(Self.cases.first { $0.name == "auc" })
        var accumulator = MetricAccumulator(.auc, reportedAs: "auc")
        var scores: [Float] = [], positives: [Bool] = []
        for batch in fixture.batches {
            accumulator.update(batch.predictions.tensor, batch.targets.tensor)
            scores += batch.predictions.data
            positives += batch.targets.data.map { $0 != 0 }
        }
        let exact = ClassificationStatistics.areaUnderROC(scores: scores, positives: positives)
        #expect(Swift.abs(accumulator.result - exact) < 0.01)
    }
}
