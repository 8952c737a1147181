import ArgumentParser
import Dendrite
import Foundation

/// `dendrite-bench workloads`: the peers' workloads W1–W4 (shared/bench/peers/README.md), with
/// exactly their data, models, optimizer settings, batches, epochs, warm-up and timing boundaries,
/// written as JSON in the peers' layout so their summary scripts can read it.
struct WorkloadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workloads",
        abstract: "Run the peers' workloads (W1 tiny MLP, W2 medium MLP, W3 course CNN, W4 digits MLP) on Dendrite.",
        discussion: """
            W1/W4 read the peers' exact train/test arrays from --peers-data. The timed part holds an \
            exclusive flock on --lock (default /tmp/bench.lock), as the peer scripts do.
            Run from the package root: swift run -c release dendrite-bench workloads --json results/dendrite.json
            """
    )

    @Option(help: "Workloads to run, comma-separated (W1, W2, W3, W4).")
    var workloads = "W1,W2,W3,W4"

    @Option(help: "The peers' data folder (W1/W4 CSV files).")
    var peersData = "../shared/bench/peers/data"

    @Option(help: "Timed epochs / passes for W2 and W3.")
    var repeats = 5

    @Option(help: "Lock file held while timing (empty: no lock).")
    var lock = "/tmp/bench.lock"

    @Option(help: "Write the results as JSON (the peers' layout) to this path.")
    var json: String?

    func run() throws {
        let lockHandle = try BenchLock(path: lock)
        defer { lockHandle.release() }
        let loadBefore = BenchSupport.loadAverage()
        var results: [String: [String: JSONValue]] = [:]
        for name in workloads.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) {
            let record: [String: JSONValue]
            switch name {
            case "W1": record = try SmallMLPWorkload.w1(peersData: peersData).run()
            case "W4": record = try SmallMLPWorkload.w4(peersData: peersData).run()
            case "W2": record = try MediumMLPWorkload(repeats: repeats).run()
            case "W3": record = try CNNWorkload.run(repeats: repeats)
            default: throw ValidationError("unknown workload '\(name)': expected W1, W2, W3 or W4")
            }
            results[name] = record
            print(JSONValue.object(record).jsonText)
        }
        let document = JSONValue.object([
            "framework": .string("dendrite"),
            "meta": .object([
                "nproc": .number(Double(ProcessInfo.processInfo.activeProcessorCount)),
                "compute_threads": .number(Double(ComputeThreads.maximum)),
                "loadavg_at_start": .string(loadBefore),
                "loadavg_at_end": .string(BenchSupport.loadAverage()),
                "time_unix": .number(Date().timeIntervalSince1970.rounded()),
            ]),
            "workloads": .object(results.mapValues { .object($0) }),
        ])
        if let json { try document.jsonText.write(toFile: json, atomically: true, encoding: .utf8) }
    }
}
