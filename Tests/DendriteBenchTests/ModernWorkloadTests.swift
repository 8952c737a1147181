import Dendrite
import Foundation
import Testing
@testable import DendriteBench

/// W5–W7 of `dendrite-bench workloads`: the models are the peers' (parameter counts and MACs as their
/// README tables), they train, and the measurement protocol fills the peers' record keys. Sizes are
/// shrunk so that this stays a fast check, not a timing.
@Suite struct ModernWorkloadTests {
    private func parameterCounts(_ model: Model) -> (trainable: Int, nontrainable: Int) {
        let sizes = model.parameters.map { ($0.trainable, $0.value.shape.reduce(1, *)) }
        return (sizes.filter(\.0).reduce(0) { $0 + $1.1 }, sizes.filter { !$0.0 }.reduce(0) { $0 + $1.1 })
    }

    // The peers' README: W5 227,332, W6 661,252, W7 24,778 + 288 parameters; MACs per sample
    // 6,291,968, 27,263,488 and 13,549,888.
    /// The orthogonal recurrent kernel of the full LSTM(128) takes seconds to draw in a debug build, so the
    /// count is checked with 16 units against the peers' formula: Embedding 2000·64, LSTM
    /// 4·u·(64 + u) + 4·u, Dense 4·u + 4 (227,332 at u = 128, as `dendrite-bench --smoke` prints).
    @Test func w5MatchesThePeers() throws {
        let units = 16
        #expect(parameterCounts(try RecurrentTextWorkload(units: units).makeModel())
                == (2000 * 64 + 4 * units * (64 + units) + 4 * units + 4 * units + 4, 0))
        #expect(RecurrentTextWorkload().forwardMACsPerSample == 6_291_968)
    }

    @Test func fullSizeW6MatchesThePeers() throws {
        #expect(parameterCounts(try TransformerTextWorkload().makeModel()) == (661_252, 0))
        #expect(TransformerTextWorkload().forwardMACsPerSample == 27_263_488)
    }

    @Test func fullSizeW7MatchesThePeers() throws {
        #expect(parameterCounts(try ResidualCNNWorkload().makeModel()) == (24_778, 288))
        #expect(ResidualCNNWorkload().forwardMACsPerSample == 13_549_888)
    }

    private func tokens(_ rows: Int, _ steps: Int, below vocabulary: Int, seed: UInt64) -> (Tensor, Tensor) {
        var generator = RandomGenerator(seed: seed)
        let ids = (0..<(rows * steps)).map { _ in Float(generator.next() % UInt64(vocabulary)) }
        let labels = (0..<rows).map { _ in Float(generator.next() % 4) }
        return (Tensor(shape: [rows, steps], scalars: ids), Tensor(labels))
    }

    /// One training step moves every trainable weight of the shrunk models and gives a finite loss.
    @Test func shrunkModelsTrainOneStep() throws {
        let (ids, labels) = tokens(8, 6, below: 50, seed: 1)
        var generator = RandomGenerator(seed: 2)
        let images = Tensor.randomUniform([8, 8, 8, 3], using: &generator)
        let models: [(Model, Tensor, Tensor)] = [
            (try RecurrentTextWorkload(vocabulary: 50, sequenceLength: 6, embedding: 4, units: 5).makeModel(), ids, labels),
            (try TransformerTextWorkload(vocabulary: 50, sequenceLength: 6, modelDim: 8, heads: 2, feedforwardDim: 12).makeModel(),
             ids, labels),
            (try ResidualCNNWorkload(imageSize: 8, filters: [4, 6]).makeModel(), images, labels),
        ]
        for (model, x, y) in models {
            // Kernels and embedding tables; some biases (a convolution's before BatchNormalization, the
            // attention's key bias) have a zero gradient in exact arithmetic and may legitimately stay put.
            let weights = model.parameters.filter { $0.name.hasSuffix("kernel") || $0.name.hasSuffix("embeddings") }
            #expect(weights.count >= 3)
            let before = weights.map(\.value.scalars)
            let loss = try model.trainOnBatch(x, y)
            #expect(loss.isFinite && loss > 0)
            for (weight, old) in zip(weights, before) {
                #expect(weight.value.scalars != old, "\(weight.name) did not change")
            }
        }
    }

    /// The protocol on a few samples: warm-up, one timed epoch, accuracy, inference and latency, with
    /// the keys the peers' summary and ratio_table.py read.
    @Test func protocolFillsThePeersRecord() throws {
        let workload = TransformerTextWorkload(vocabulary: 50, sequenceLength: 6, modelDim: 8, heads: 2, feedforwardDim: 12,
                                               batch: 4)
        let (x, y) = tokens(10, 6, below: 50, seed: 3)
        let (testX, testY) = tokens(6, 6, below: 50, seed: 4)
        let run = ModernWorkloadRun(repeats: 1, warmupSteps: 2, inferBatch: 4, latencyWarmup: 1, latencyCalls: 3)
        let record = try run.measure(try workload.makeModel(), .init(x: x, y: y, testX: testX, testY: testY), workload.description)
        for key in ["framework", "workload", "n_train", "batch", "params", "params_nontrainable", "timed_epochs",
                    "epoch_time_s_median", "epoch_times_s", "train_samples_per_s", "train_samples_per_s_best",
                    "n_test", "test_acc", "test_acc_per_epoch", "infer_batch", "infer_samples_per_s", "latency_calls",
                    "predict1_latency_us_median", "predict1_latency_us_p90", "fwd_macs_per_sample", "train_gflops", "model"] {
            #expect(record[key] != nil, "missing \(key)")
        }
        #expect(record["workload"] == .string("W6") && record["n_train"] == .int(10) && record["n_test"] == .int(6))
        guard case .number(let accuracy)? = record["test_acc"], case .array(let epochs)? = record["epoch_times_s"] else {
            Issue.record("test_acc or epoch_times_s of the wrong type")
            return
        }
        #expect((0...1).contains(accuracy) && epochs.count == 1)
        // Ten samples is 2 full batches of 4 and 2 left over: any accuracy on 6 samples is a multiple of 1/6.
        #expect(abs(accuracy * 6 - (accuracy * 6).rounded()) < 1e-3)
    }
}

/// The reader of `Scripts/bench/export_modern_data.py`'s files: values, row prefixes and clear errors.
@Suite struct PeerArraysTests {
    private func folder(manifest: String, files: [String: [UInt8]]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peer-arrays-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try manifest.write(toFile: "\(path)/manifest.json", atomically: true, encoding: .utf8)
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: "\(path)/\(name)")) }
        return path
    }

    private func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    private let manifest = """
        {"W5": {"x_train": {"file": "x.bin", "dtype": "int32", "shape": [3, 2], "first_values": [7, -1, 1999]},
                "y_train": {"file": "y.bin", "dtype": "float32", "shape": [2], "first_values": [0.5, -2.25]}}}
        """

    @Test func readsIntsAndFloatsAndRowPrefixes() throws {
        let path = try folder(manifest: manifest, files: [
            "x.bin": littleEndian([7, -1, 1999, 3, 4, 5] as [Int32]),
            "y.bin": littleEndian([Float(0.5).bitPattern, Float(-2.25).bitPattern]),
        ])
        let arrays = try PeerArrays(folder: path)
        let x = try arrays.tensor("W5", "x_train")
        #expect(x.shape == [3, 2] && x.scalars == [7, -1, 1999, 3, 4, 5])
        #expect(try arrays.tensor("W5", "x_train", rows: 2).scalars == [7, -1, 1999, 3])
        #expect(try arrays.tensor("W5", "y_train").scalars == [0.5, -2.25])
    }

    @Test func badExportsAreClearErrors() throws {
        let missing = try #require(throws: DendriteError.self) { try PeerArrays(folder: "/nonexistent/bench-data") }
        #expect(missing.message.contains("export_modern_data.py"))

        let short = try PeerArrays(folder: try folder(manifest: manifest, files: ["x.bin": littleEndian([7, -1] as [Int32])]))
        let size = try #require(throws: DendriteError.self) { try short.tensor("W5", "x_train") }
        #expect(size.message.contains("8 bytes, expected 24"))

        let stale = try PeerArrays(folder: try folder(manifest: manifest, files: ["x.bin": littleEndian([7, 0, 1999, 3, 4, 5] as [Int32])]))
        let values = try #require(throws: DendriteError.self) { try stale.tensor("W5", "x_train") }
        #expect(values.message.contains("value 1 is 0.0"))

        let unknown = try #require(throws: DendriteError.self) { try short.tensor("W9", "x_train") }
        #expect(unknown.message.contains("[W9][x_train]"))
    }
}
