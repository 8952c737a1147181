import ArgumentParser
import DendriteCore
import Foundation

/// `dendrite-bench gemm`: float32 GEMM GFLOP/s of Dendrite beside numpy/OpenBLAS, measured in one run.
struct GemmBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Float32 matrix-product GFLOP/s of Dendrite and numpy/OpenBLAS, 1 and 2 threads.",
        discussion: """
            Shapes: square n×n·n×n for --sizes, the W2 MLP training-step products (forward \
            128×784·784×256, weight gradient Xᵀ·dY, input gradient dY·Wᵀ) and the W1 batch 32×30·30×16. \
            GFLOP/s = 2·m·n·k / time, best and median of the timed calls. numpy runs through \
            Scripts/bench/gemm_numpy.py with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset. \
            The timed part holds an exclusive flock on --lock (default /tmp/bench.lock, as the peer scripts).
            Run from the package root: swift run -c release dendrite-bench gemm
            """
    )

    @Option(help: "Square sizes, comma-separated.")
    var sizes = "128,256,512,1024,2048"

    @Option(help: "Thread counts, comma-separated.")
    var threads = "1,2"

    @Option(help: "Seconds of timed calls per shape, library and thread count.")
    var budget = 1.0

    @Option(help: "Minimum timed calls per measurement.")
    var minReps = 5

    @Flag(help: "Leave out the MLP shapes.")
    var noMLP = false

    @Flag(help: "Measure Dendrite only.")
    var noNumpy = false

    @Option(help: "Python interpreter with numpy and threadpoolctl.")
    var python = "python3"

    @Option(help: "The numpy benchmark script.")
    var numpyScript = "Scripts/bench/gemm_numpy.py"

    @Option(help: "Lock file held while timing (empty: no lock).")
    var lock = "/tmp/bench.lock"

    @Option(help: "Also write the results as JSON to this path.")
    var json: String?

    func run() throws {
        let threadCounts = try parseList(threads, "--threads")
        var shapes = try parseList(sizes, "--sizes").map { GemmShape(name: "\($0)", m: $0, n: $0, k: $0) }
        if !noMLP { shapes += GemmShape.mlp }

        let lockHandle = try BenchLock(path: lock)
        defer { lockHandle.release() }
        let loadBefore = BenchSupport.loadAverage()

        var rows: [GemmResult] = []
        for threadCount in threadCounts {
            for shape in shapes {
                rows.append(measureDendrite(shape, threads: threadCount))
            }
        }
        var numpyInfo: NumpyReport?
        if !noNumpy {
            let report = try runNumpy(shapes: shapes, threads: threadCounts)
            numpyInfo = report
            for index in rows.indices {
                let match = report.results.first { $0.name == rows[index].shape.id && $0.threads == rows[index].threads }
                rows[index].numpyBest = match?.best_gflops
                rows[index].numpyMedian = match?.median_gflops
            }
        }
        let loadAfter = BenchSupport.loadAverage()

        printTable(rows)
        print("load average before/after: \(loadBefore) / \(loadAfter)")
        if let numpyInfo {
            let openblas = numpyInfo.openblas.first { $0.internal_api == "openblas" }
            print("numpy \(numpyInfo.numpy), OpenBLAS \(openblas?.version ?? "?") (\(openblas?.architecture ?? "?"))")
        }
        if let json {
            let document = GemmReport(
                kernel: Gemm.usesAVX2 ? "avx2+fma" : "portable", loadAverageBefore: loadBefore,
                loadAverageAfter: loadAfter, results: rows)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(document).write(to: URL(fileURLWithPath: json))
            print("wrote \(json)")
        }
    }

    private func parseList(_ text: String, _ option: String) throws -> [Int] {
        try text.split(separator: ",").map {
            guard let value = Int($0.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw ValidationError("\(option): expected positive integers separated by commas, got '\(text)'")
            }
            return value
        }
    }

    private func measureDendrite(_ shape: GemmShape, threads: Int) -> GemmResult {
        let a = [Float](randomCount: shape.m * shape.k)
        let b = [Float](randomCount: shape.k * shape.n)
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        let lda = shape.transposeA ? shape.m : shape.k
        let ldb = shape.transposeB ? shape.k : shape.n
        let times = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    timeCalls {
                        Gemm.multiply(
                            transposeA: shape.transposeA, transposeB: shape.transposeB,
                            m: shape.m, n: shape.n, k: shape.k,
                            a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                            c: c.baseAddress!, ldc: shape.n, accumulate: false, maximumThreads: threads)
                    }
                }
            }
        }
        return GemmResult(shape: shape, threads: threads, seconds: times)
    }

    /// One warm-up call, then calls until both `minReps` and `budget` are reached; durations in seconds.
    private func timeCalls(_ body: () -> Void) -> [Double] {
        body()
        let clock = ContinuousClock()
        let start = clock.now
        var times: [Double] = []
        while times.count < minReps || (clock.now - start).seconds < budget {
            let t0 = clock.now
            body()
            times.append((clock.now - t0).seconds)
            if times.count >= 100_000 { break }
        }
        return times
    }

    private func runNumpy(shapes: [GemmShape], threads: [Int]) throws -> NumpyReport {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let spec = shapes.map {
            "\($0.id):\($0.m):\($0.n):\($0.k):\($0.transposeA ? 1 : 0):\($0.transposeB ? 1 : 0)"
        }.joined(separator: ",")
        process.arguments = [
            "-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE", python, numpyScript,
            "--shapes", spec, "--threads", threads.map(String.init).joined(separator: ","),
            "--budget", "\(budget)", "--min-reps", "\(minReps)",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError(
                "\(numpyScript) exited with status \(process.terminationStatus); run from the package root, "
                    + "check numpy and threadpoolctl (pip install numpy threadpoolctl), or pass --no-numpy")
        }
        return try JSONDecoder().decode(NumpyReport.self, from: data)
    }

    private func printTable(_ rows: [GemmResult]) {
        func cell(_ value: Double?, _ format: String = "%.1f") -> String {
            value.map { String(format: format, $0) } ?? "-"
        }
        let header = [
            "shape", "thr", "Dendrite best", "median", "numpy best", "median", "ratio best", "ratio median",
            "Dendrite µs (median)",
        ]
        let lines = rows.map { row -> [String] in
            [
                row.shape.label, "\(row.threads)", cell(row.bestGFLOPS), cell(row.medianGFLOPS),
                cell(row.numpyBest), cell(row.numpyMedian),
                cell(row.numpyBest.map { row.bestGFLOPS / $0 }, "%.2f"),
                cell(row.numpyMedian.map { row.medianGFLOPS / $0 }, "%.2f"),
                cell(row.medianSeconds * 1e6, "%.2f"),
            ]
        }
        let widths = header.indices.map { column in
            ([header] + lines).map { $0[column].count }.max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + pad : pad + text
            }.joined(separator: "  ")
        }
        print("GFLOP/s (float32, 2·m·n·k / time)")
        print(format(header))
        for line in lines { print(format(line)) }
    }

}

/// One product: C[m×n] = op(A)[m×k] · op(B)[k×n].
struct GemmShape: Codable, Sendable {
    var name: String
    var m: Int, n: Int, k: Int
    var transposeA = false, transposeB = false

    /// Identifier passed to the numpy script (no commas or colons).
    var id: String { name.replacingOccurrences(of: " ", with: "-") }
    var label: String { m == n && n == k && !transposeA && !transposeB ? "\(m)³" : name }

    /// The W2 MLP's first layer in a training step (batch 128, 784 → 256), and the W1 batch.
    static let mlp = [
        GemmShape(name: "X·W 128x784·784x256", m: 128, n: 256, k: 784),
        GemmShape(name: "XT·dY 784x128·128x256", m: 784, n: 256, k: 128, transposeA: true),
        GemmShape(name: "dY·WT 128x256·256x784", m: 128, n: 784, k: 256, transposeB: true),
        GemmShape(name: "W1 32x30·30x16", m: 32, n: 16, k: 30),
    ]
}

struct GemmResult: Codable {
    var shape: GemmShape
    var threads: Int
    var bestGFLOPS: Double
    var medianGFLOPS: Double
    var medianSeconds: Double
    var reps: Int
    var numpyBest: Double?
    var numpyMedian: Double?

    init(shape: GemmShape, threads: Int, seconds: [Double]) {
        let sorted = seconds.sorted()
        let flop = 2.0 * Double(shape.m * shape.n * shape.k)
        self.shape = shape
        self.threads = threads
        self.medianSeconds = sorted[sorted.count / 2]
        self.bestGFLOPS = flop / sorted[0] / 1e9
        self.medianGFLOPS = flop / medianSeconds / 1e9
        self.reps = seconds.count
    }
}

struct GemmReport: Codable {
    var kernel: String
    var loadAverageBefore: String
    var loadAverageAfter: String
    var results: [GemmResult]
}

/// The JSON printed by Scripts/bench/gemm_numpy.py (field names are the script's).
struct NumpyReport: Decodable {
    struct Result: Decodable {
        var name: String
        var threads: Int
        var best_gflops: Double
        var median_gflops: Double
    }
    struct Library: Decodable {
        var internal_api: String?
        var version: String?
        var architecture: String?
    }
    var numpy: String
    var openblas: [Library]
    var results: [Result]
}

extension Array where Element == Float {
    /// Uniform values in [-1, 1).
    init(randomCount count: Int) {
        var generator = SystemRandomNumberGenerator()
        self = (0..<count).map { _ in Float.random(in: -1..<1, using: &generator) }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
