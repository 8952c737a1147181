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
        var generator = RandomGenerator(seed: 4321)
        let x = Tensor.randomUniform([10000, 28, 28, 1], low: 0, high: 1, using: &generator)
        let y = Tensor((0..<10000).map { _ in Float(generator.next() % 10) })
        let model = Sequential(seed: 0) {
            Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: [28, 28, 1])
            MaxPooling2D((2, 2))
            Flatten()
            Dense(64, activation: .relu)
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)

        let lockHandle = try BenchLock(path: lock)
        defer { lockHandle.release() }
        for step in 0..<5 { try model.trainOnBatch(x[(step * 64)..<((step + 1) * 64)], y[(step * 64)..<((step + 1) * 64)]) }
        if profile { return try profileStep(model, x[0..<64], y[0..<64]) }

        var seconds: [Double] = []
        for _ in 0..<repeats {
            let start = Date()
            try model.fit(x, y, epochs: 1, batchSize: 64, verbose: 0)
            seconds.append(Date().timeIntervalSince(start))
        }
        let median = seconds.sorted()[seconds.count / 2]
        let rates = seconds.map { String(format: "%.0f", 10000 / $0) }.joined(separator: ", ")
        print(String(format: "W3 train: %.0f samples/s (median of %d epochs: %.3f s; per epoch: %@ samples/s); threads %d",
                     10000 / median, repeats, median, rates, ComputeThreads.maximum))
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
                    GradientMode.enabled { layer(activations, training: true) }
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
