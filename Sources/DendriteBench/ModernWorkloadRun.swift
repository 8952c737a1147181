import Dendrite
import Foundation

/// The measurement protocol the peers share for W5–W7 (`shared/bench/peers/README.md`, "Modern
/// workloads W5–W7: common protocol", and `modern_run` in their `bench_torch.py`):
///
/// 1. warm-up: `warmupSteps` training steps on the first batches (untimed);
/// 2. `repeats` separately timed full epochs, each with its own shuffle; `train_samples_per_s` =
///    n_train / median epoch time, `_best` from the fastest epoch;
/// 3. with a test set (W5, W6): test accuracy after every timed epoch (untimed), softmax probabilities
///    of the test set at batch `inferBatch` (one untimed pass, then the median of `repeats` passes), and
///    the latency of one sequence in, probabilities out (`latencyWarmup` untimed calls, then the median
///    and p90 of `latencyCalls`).
///
/// The record has the keys of the peers' records, so their summary scripts and `ratio_table.py` read it;
/// FLOPs are 6 × forward MACs per trained sample and 2 × per inferred one, as theirs.
struct ModernWorkloadRun {
    var repeats = 3
    var warmupSteps = 5
    var inferBatch = 256
    var latencyWarmup = 20
    var latencyCalls = 200

    /// A workload's data: training set, and a test set for the workloads that measure accuracy.
    struct Data {
        let x: Tensor
        let y: Tensor
        var testX: Tensor?
        var testY: Tensor?
    }

    /// What the record says about the model besides the measurements.
    struct Description {
        let workload: String
        let batch: Int
        let forwardMACsPerSample: Int
        /// Extra keys of the peers' record (`model`, `layout`).
        var extra: [String: JSONValue] = [:]
    }

    func measure(_ model: Model, _ data: Data, _ description: Description) throws -> [String: JSONValue] {
        let samples = data.x.shape[0], batch = description.batch
        for step in 0..<warmupSteps where step * batch < samples {
            let rows = (step * batch)..<Swift.min((step + 1) * batch, samples)
            try model.trainOnBatch(data.x[rows], data.y[rows])
        }
        var epochTimes: [Double] = [], accuracies: [Double] = []
        for _ in 0..<repeats {
            epochTimes.append(try BenchSupport.time { try model.fit(data.x, data.y, epochs: 1, batchSize: batch, verbose: 0) })
            if let testX = data.testX, let testY = data.testY {
                let probabilities = try model.predict(testX, batchSize: inferBatch)
                accuracies.append(Double(try Metrics.accuracy(predictions: probabilities, targets: testY)))
            }
        }
        let epochMedian = BenchSupport.median(epochTimes)
        let trainRate = Double(samples) / epochMedian
        let parameters = model.parameters
        var record: [String: JSONValue] = [
            "framework": .string("dendrite"), "workload": .string(description.workload),
            "n_train": .int(samples), "batch": .int(batch),
            "params": .int(parameters.filter(\.trainable).reduce(0) { $0 + $1.value.shape.reduce(1, *) }),
            "params_nontrainable": .int(parameters.filter { !$0.trainable }.reduce(0) { $0 + $1.value.shape.reduce(1, *) }),
            "warmup_steps": .int(warmupSteps), "timed_epochs": .int(repeats),
            "epoch_time_s_median": .number(BenchSupport.rounded(epochMedian)),
            "epoch_times_s": .array(epochTimes.map { .number(BenchSupport.rounded($0)) }),
            "train_samples_per_s": .number(BenchSupport.rounded(trainRate, 1)),
            "train_samples_per_s_best": .number(BenchSupport.rounded(Double(samples) / (epochTimes.min() ?? .nan), 1)),
            "threads": .int(ComputeThreads.maximum),
        ]
        record.merge(description.extra) { $1 }
        let macs = Double(description.forwardMACsPerSample)
        record["fwd_macs_per_sample"] = .int(description.forwardMACsPerSample)
        record["train_flops_per_sample"] = .number(6 * macs)
        record["train_gflops"] = .number(BenchSupport.rounded(trainRate * 6 * macs / 1e9, 3))

        if let testX = data.testX, let last = accuracies.last {
            let testSamples = testX.shape[0]
            _ = try model.predict(testX, batchSize: inferBatch)
            var inferenceTimes: [Double] = []
            for _ in 0..<repeats {
                inferenceTimes.append(try BenchSupport.time { _ = try model.predict(testX, batchSize: inferBatch) })
            }
            let inferRate = Double(testSamples) / BenchSupport.median(inferenceTimes)
            let single = testX[0..<1]
            for _ in 0..<latencyWarmup { _ = try model.predict(single) }
            var latencies: [Double] = []
            for _ in 0..<latencyCalls { latencies.append(try BenchSupport.time { _ = try model.predict(single) } * 1e6) }
            record.merge([
                "n_test": .int(testSamples), "epochs_trained": .int(repeats),
                "test_acc": .number(BenchSupport.rounded(last)),
                "test_acc_per_epoch": .array(accuracies.map { .number(BenchSupport.rounded($0)) }),
                "infer_batch": .int(inferBatch), "infer_samples_per_s": .number(BenchSupport.rounded(inferRate, 1)),
                "latency_calls": .int(latencyCalls),
                "predict1_latency_us_median": .number(BenchSupport.rounded(BenchSupport.median(latencies), 2)),
                "predict1_latency_us_p90": .number(BenchSupport.rounded(BenchSupport.percentile(latencies, 0.9), 2)),
                "infer_gflops": .number(BenchSupport.rounded(inferRate * 2 * macs / 1e9, 3)),
            ]) { $1 }
        }
        record["peak_rss_mib"] = .number(BenchSupport.rounded(BenchSupport.peakResidentMiB(), 1))
        return record
    }
}
