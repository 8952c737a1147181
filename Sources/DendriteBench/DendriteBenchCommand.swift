import ArgumentParser

/// `dendrite-bench`: performance measurements of Dendrite. Add a workload by writing a
/// `ParsableCommand` in its own file and listing it in `subcommands`.
@main
struct DendriteBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dendrite-bench",
        abstract: "Benchmarks of Dendrite's kernels and workloads.",
        subcommands: [GemmBenchmark.self, WorkloadBenchmark.self, DataLoadingBenchmark.self, CNNBenchmark.self]
    )
}
