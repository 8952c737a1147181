import Dendrite
import Foundation

/// W2: 60,000 × 784 standard-normal inputs, labels argmax(X·R); MLP 784-256-128-10 softmax, Adam
/// 1e-3, sparse CCE, batch 128. Warm-up of 5 steps, then `repeats` separately timed full epochs
/// (each with its own shuffle); inference on the 60,000 inputs in batches of 1,024; single-sample
/// latency over 1,000 calls. Peak resident memory is read at the end.
struct MediumMLPWorkload {
    let repeats: Int
    let samples = 60_000, testSamples = 10_000, features = 784, classes = 10, batch = 128

    func run() throws -> [String: JSONValue] {
        var generator = RandomGenerator(seed: 1234)
        let projection = Tensor.randomNormal([features, classes], using: &generator)
        let x = Tensor.randomNormal([samples, features], using: &generator)
        let testX = Tensor.randomNormal([testSamples, features], using: &generator)
        let y = matmul(x, projection).argmax(alongAxis: 1), testY = matmul(testX, projection).argmax(alongAxis: 1)

        let model = Sequential(seed: 0) {
            Dense(256, activation: .relu, inputShape: [784])
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        // No metrics during training, as the peers (accuracy is measured separately below).
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy)
        for step in 0..<5 {
            try model.trainOnBatch(x[(step * batch)..<((step + 1) * batch)], y[(step * batch)..<((step + 1) * batch)])
        }
        var epochTimes: [Double] = []
        var accuracy = 0.0
        for epoch in 0..<repeats {
            epochTimes.append(try BenchSupport.time { try model.fit(x, y, epochs: 1, batchSize: batch, verbose: 0) })
            if epoch == 0 {
                accuracy = Double(try Metrics.accuracy(predictions: model.predict(testX, batchSize: 1024), targets: testY))
            }
        }
        _ = try model.predict(x, batchSize: 1024)
        var inferenceTimes: [Double] = []
        for _ in 0..<repeats {
            inferenceTimes.append(try BenchSupport.time { _ = try model.predict(x, batchSize: 1024) })
        }
        let single = x[0..<1]
        for _ in 0..<20 { _ = try model.predict(single) }
        var latencies: [Double] = []
        for _ in 0..<1000 { latencies.append(try BenchSupport.time { _ = try model.predict(single) } * 1e6) }

        let epochMedian = BenchSupport.median(epochTimes)
        let trainRate = Double(samples) / epochMedian
        let trainFlopsPerSample = 6.0 * Double(784 * 256 + 256 * 128 + 128 * 10)
        return [
            "framework": .string("dendrite"), "workload": .string("W2"),
            "n_train": .number(Double(samples)), "batch": .number(Double(batch)),
            "warmup_steps": .number(5), "timed_epochs": .number(Double(repeats)),
            "epoch_time_s_median": .number(BenchSupport.rounded(epochMedian)),
            "epoch_times_s": .array(epochTimes.map { .number(BenchSupport.rounded($0)) }),
            "train_samples_per_s": .number(BenchSupport.rounded(trainRate, 1)),
            "train_samples_per_s_best": .number(BenchSupport.rounded(Double(samples) / (epochTimes.min() ?? 1), 1)),
            "test_acc_after_1_epoch": .number(BenchSupport.rounded(accuracy)),
            "infer_batch": .number(1024),
            "infer_samples_per_s": .number(BenchSupport.rounded(Double(samples) / BenchSupport.median(inferenceTimes), 1)),
            "predict1_latency_us_median": .number(BenchSupport.rounded(BenchSupport.median(latencies), 2)),
            "predict1_latency_us_p90": .number(BenchSupport.rounded(BenchSupport.percentile(latencies, 0.9), 2)),
            "train_gflops": .number(BenchSupport.rounded(trainRate * trainFlopsPerSample / 1e9, 3)),
            "peak_rss_mib": .number(BenchSupport.rounded(BenchSupport.peakResidentMiB(), 1)),
        ]
    }
}
