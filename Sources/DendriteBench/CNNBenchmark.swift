import ArgumentParser
import Dendrite
import Foundation

/// `dendrite-bench w3`: training throughput of the course CNN, workload W3 of the peer baselines
/// (`/work/shared/bench/peers/README.md`).
struct CNNBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "w3",
        abstract: "W3: course-CNN training samples/s (10000 random 28×28×1 images, batch 64, Adam, sparse CCE).",
        discussion: """
            Model: Conv2D(32, 3×3, relu) → MaxPooling2D(2×2) → Flatten → Dense(64, relu) → Dense(10, softmax), \
            347,146 parameters. Data: uniform [0, 1) images, random labels (a throughput test only). \
            Warm-up: 5 steps; then --repeats timed epochs (157 steps, the last of 16 samples), each with its own \
            shuffle; samples/s = 10000 / median epoch time. Timing holds an exclusive flock on --lock.
            Run from the package root: swift run -c release dendrite-bench w3
            """
    )

    @Option(help: "Timed epochs.")
    var repeats = 5

    @Option(help: "Compute threads (default: all processors).")
    var threads: Int?

    @Option(help: "Lock file held while timing (empty: no lock).")
    var lock = "/tmp/bench.lock"

    @Flag(help: "Print the time of each stage of one training step (forward, backward, update) instead.")
    var profile = false

    func run() throws {
        if let threads { ComputeThreads.maximum = threads }
        let (x, y) = CNNWorkload.data()
        let model = CNNWorkload.model()

        let lockHandle = try BenchLock(path: lock)
        defer { lockHandle.release() }
        for step in 0..<5 { try model.trainOnBatch(x[(step * 64)..<((step + 1) * 64)], y[(step * 64)..<((step + 1) * 64)]) }
        if profile { return try profileStep(model, x[0..<64], y[0..<64]) }

        let record = CNNWorkload.measure(model, x, y, repeats: repeats)
        print(JSONValue.object(record).jsonText)
    }

    /// Median times of the parts of a training step over 50 steps.
    private func profileStep(_ model: Sequential, _ x: Tensor, _ y: Tensor) throws {
        var stages: [String: [Double]] = [:]
        func time<R>(_ name: String, _ body: () throws -> R) rethrows -> R {
            let start = DispatchTime.now().uptimeNanoseconds
            defer { stages[name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
            return try body()
        }
        for _ in 0..<50 {
            _ = try time("train step (total)") { try model.trainOnBatch(x, y) }
            var activations = x
            for layer in model.layers {
                activations = time("forward \(layer.name)") {
                    GradientMode.enabled { layer.call([activations], training: true)[0] }
                }
            }
            let loss = time("loss") { activations.log().mean() }
            time("backward (all layers)") { loss.backward() }
            for parameter in model.parameters { parameter.value.zeroGradient() }
        }
        for (name, values) in stages.sorted(by: { $0.key < $1.key }) {
            print(String(format: "%-28@ %8.3f ms", name as NSString, values.sorted()[values.count / 2]))
        }
    }
}

/// W3's timed part, shared by `dendrite-bench w3` and `dendrite-bench workloads --workloads W3`:
/// `repeats` separately timed epochs of the (warmed-up) course CNN, in the peers' JSON layout.
enum CNNWorkload {
    static func data() -> (Tensor, Tensor) {
        var generator = RandomGenerator(seed: 4321)
        let x = Tensor.randomUniform([10000, 28, 28, 1], low: 0, high: 1, using: &generator)
        let y = Tensor((0..<10000).map { _ in Float(generator.next() % 10) })
        return (x, y)
    }

    static func model() -> Sequential {
        let model = Sequential(seed: 0) {
            Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: [28, 28, 1])
            MaxPooling2D((2, 2))
            Flatten()
            Dense(64, activation: .relu)
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        return model
    }

    /// Warm-up (5 steps), then the timed epochs.
    static func run(repeats: Int) throws -> [String: JSONValue] {
        let (x, y) = data()
        let model = model()
        for step in 0..<5 { try model.trainOnBatch(x[(step * 64)..<((step + 1) * 64)], y[(step * 64)..<((step + 1) * 64)]) }
        return measure(model, x, y, repeats: repeats)
    }

    static func measure(_ model: Sequential, _ x: Tensor, _ y: Tensor, repeats: Int) -> [String: JSONValue] {
        let seconds = (0..<repeats).map { _ in
            BenchSupport.time { _ = try? model.fit(x, y, epochs: 1, batchSize: 64, verbose: 0) }
        }
        let median = BenchSupport.median(seconds)
        let flopsPerSample = 6.0 * 541_440
        return [
            "framework": .string("dendrite"), "workload": .string("W3"), "n_train": .number(10000),
            "batch": .number(64), "layout": .string("NHWC"), "warmup_steps": .number(5),
            "timed_epochs": .number(Double(repeats)),
            "epoch_time_s_median": .number(BenchSupport.rounded(median)),
            "epoch_times_s": .array(seconds.map { .number(BenchSupport.rounded($0)) }),
            "train_samples_per_s": .number(BenchSupport.rounded(10000 / median, 1)),
            "train_samples_per_s_best": .number(BenchSupport.rounded(10000 / (seconds.min() ?? 1), 1)),
            "train_gflops": .number(BenchSupport.rounded(10000 / median * flopsPerSample / 1e9, 3)),
            "threads": .number(Double(ComputeThreads.maximum)),
        ]
    }
}
