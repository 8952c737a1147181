import ArgumentParser
import Dendrite
import Foundation

/// `dendrite-bench workloads`: the peers' workloads W1–W7 (shared/bench/peers/README.md), with
/// exactly their data, models, optimizer settings, batches, epochs, warm-up and timing boundaries,
/// written as JSON in the peers' layout so their summary scripts can read it.
struct WorkloadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workloads",
        abstract: """
            Run the peers' workloads on Dendrite: W1 tiny MLP, W2 medium MLP, W3 course CNN, W4 digits MLP, \
            W5 Embedding-LSTM, W6 Transformer encoder, W7 small ResNet.
            """,
        discussion: """
            W1/W4 read the peers' exact train/test arrays from --peers-data; W5-W7 read the peers' exact arrays \
            from --modern-data, written by `python3 Scripts/bench/export_modern_data.py`. The timed part holds an \
            exclusive flock on --lock (default /tmp/bench.lock), as the peer scripts do.
            Run from the package root: swift run -c release dendrite-bench workloads --json results/dendrite.json
            Quick check of the W5-W7 code paths (1/20 of their data, 1 epoch, no lock; numbers meaningless):
            swift run -c release dendrite-bench workloads --workloads W5,W6,W7 --smoke (a debug build takes minutes)
            """
    )

    @Option(help: "Workloads to run, comma-separated (W1 … W7).")
    var workloads = "W1,W2,W3,W4,W5,W6,W7"

    @Option(help: "The peers' data folder (W1/W4 CSV files).")
    var peersData = "../shared/bench/peers/data"

    @Option(help: "The W5-W7 arrays written by Scripts/bench/export_modern_data.py.")
    var modernData = ".build/bench-data"

    @Option(help: "Timed epochs / passes for W2 and W3.")
    var repeats = 5

    @Option(help: "Timed epochs / passes for W5, W6 and W7 (the peers' default: 3).")
    var modernRepeats = 3

    @Flag(help: "W5-W7 on 1/20 of their data with 1 timed epoch and no lock: a quick check, numbers meaningless.")
    var smoke = false

    @Option(help: "Compute threads (default: all processors).")
    var threads: Int?

    @Option(help: "Framework name in the records (the peers' --name), e.g. dendrite_1thread with --threads 1.")
    var name = "dendrite"

    @Option(help: "Lock file held while timing (empty: no lock).")
    var lock = "/tmp/bench.lock"

    @Option(help: "Write the results as JSON (the peers' layout) to this path.")
    var json: String?

    /// The peers' `--smoke` keeps the first 1/20 of every W5-W7 array.
    static let smokeDivisor = 20

    func run() throws {
        if let threads { ComputeThreads.maximum = threads }
        let names = workloads.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let known: Set = ["W1", "W2", "W3", "W4", "W5", "W6", "W7"]
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown workload '\(unknown)': expected W1, W2, W3, W4, W5, W6 or W7")
        }
        // Read the W5-W7 arrays before timing anything, so a missing export fails at once.
        let modernArrays = names.contains(where: { ["W5", "W6", "W7"].contains($0) }) ? try PeerArrays(folder: modernData) : nil
        let lockHandle = try BenchLock(path: smoke ? "" : lock)
        defer { lockHandle.release() }
        let loadBefore = BenchSupport.loadAverage()
        var results: [String: [String: JSONValue]] = [:]
        for workload in names {
            var record: [String: JSONValue]
            switch (workload, modernArrays) {
            case ("W1", _): record = try SmallMLPWorkload.w1(peersData: peersData).run()
            case ("W4", _): record = try SmallMLPWorkload.w4(peersData: peersData).run()
            case ("W2", _): record = try MediumMLPWorkload(repeats: repeats).run()
            case ("W3", _): record = try CNNWorkload.run(repeats: repeats)
            case (_, let arrays?): record = try runModern(workload, arrays)
            default: preconditionFailure("W5-W7 arrays are read whenever one of them is asked for")
            }
            record["framework"] = .string(name)
            results[workload] = record
            print(JSONValue.object(record).jsonText)
        }
        let document = JSONValue.object([
            "framework": .string(name),
            "meta": .object([
                "nproc": .number(Double(ProcessInfo.processInfo.activeProcessorCount)),
                "compute_threads": .number(Double(ComputeThreads.maximum)),
                "loadavg_at_start": .string(loadBefore),
                "loadavg_at_end": .string(BenchSupport.loadAverage()),
                "time_unix": .number(Date().timeIntervalSince1970.rounded()),
            ].merging(smoke ? ["smoke": .string("W5-W7 data / \(Self.smokeDivisor): numbers meaningless")] : [:]) { $1 }),
            "workloads": .object(results.mapValues { .object($0) }),
        ])
        if let json { try document.jsonText.write(toFile: json, atomically: true, encoding: .utf8) }
    }

    /// W5, W6 or W7 on the peers' arrays (their first 1/20 with `--smoke`), under the peers' protocol.
    private func runModern(_ workload: String, _ arrays: PeerArrays) throws -> [String: JSONValue] {
        func rows(_ total: Int) -> Int? { smoke ? Swift.max(1, total / Self.smokeDivisor) : nil }
        let protocolSettings = ModernWorkloadRun(repeats: smoke ? 1 : modernRepeats)
        if workload == "W7" {
            let w7 = ResidualCNNWorkload()
            let data = ModernWorkloadRun.Data(x: try arrays.tensor(workload, "x_train", rows: rows(5000)),
                                              y: try arrays.tensor(workload, "y_train", rows: rows(5000)))
            return try protocolSettings.measure(try w7.makeModel(), data, w7.description)
        }
        let data = ModernWorkloadRun.Data(x: try arrays.tensor(workload, "x_train", rows: rows(10000)),
                                          y: try arrays.tensor(workload, "y_train", rows: rows(10000)),
                                          testX: try arrays.tensor(workload, "x_test", rows: rows(2000)),
                                          testY: try arrays.tensor(workload, "y_test", rows: rows(2000)))
        if workload == "W5" {
            let w5 = RecurrentTextWorkload()
            return try protocolSettings.measure(try w5.makeModel(), data, w5.description)
        }
        let w6 = TransformerTextWorkload()
        return try protocolSettings.measure(try w6.makeModel(), data, w6.description)
    }
}
