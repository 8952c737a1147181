import ArgumentParser
import Dendrite
import Foundation

/// `dendrite-bench data`: load time and memory of a large CSV file, and IDX/gzip read speed.
struct DataLoadingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "CSV load time and peak memory; IDX read speed, raw and gzipped.",
        discussion: """
            CSV: a generated file of --megabytes MB (10 features with six decimals and a text class \
            column), loaded once after a warm-up; peak memory is VmHWM (reset through \
            /proc/self/clear_refs) minus VmRSS before the load. IDX: 60,000 synthetic 28×28 ubyte \
            images (rings of uneven ink on black, compressing about as MNIST does), read raw and gzipped by the gzip command \
            (-6); inflate throughput is the decompressed size over the extra time the gzipped read takes.
            Run from the package root: swift run -c release dendrite-bench data
            """
    )

    @Option(help: "Size of the generated CSV file in MB.")
    var megabytes = 100

    @Option(help: "Directory for the generated files (removed afterwards).")
    var directory = NSTemporaryDirectory()

    @Option(help: "Lock file held while timing (empty: no lock).")
    var lock = "/tmp/bench.lock"

    func run() throws {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("dendrite-data-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try writeCSV(in: folder)
        let (images, gzipped) = try writeIDX(in: folder)

        let lockHandle = try BenchLock(path: lock)
        defer { lockHandle.release() }
        _ = try CSV.read(try small(in: folder), target: "kind")
        resetPeak()
        let before = statusBytes("VmRSS")
        var started = Date()
        let data = try CSV.read(csv, target: "kind")
        let csvSeconds = Date().timeIntervalSince(started)
        let growth = statusBytes("VmHWM") - before
        let fileBytes = try FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int ?? 0
        let numberBytes = (data.features.count + data.labels.count) * MemoryLayout<Float>.stride
        print(String(format: "CSV  %.1f MB, %d rows × %d features: %.2f s (%.0f MB/s); peak growth %.1f MB = %.2f × the %.1f MB of numbers",
                     Double(fileBytes) / 1e6, data.count, data.features.shape[1], csvSeconds, Double(fileBytes) / 1e6 / csvSeconds,
                     Double(growth) / 1e6, Double(growth) / Double(numberBytes), Double(numberBytes) / 1e6))

        started = Date()
        let raw = try IDX.read(images)
        let rawSeconds = Date().timeIntervalSince(started)
        started = Date()
        let unzipped = try IDX.read(gzipped)
        let gzipSeconds = Date().timeIntervalSince(started)
        precondition(raw == unzipped, "the gzipped file must hold the same images")
        let idxBytes = Double(raw.count + 16), gzipBytes = Double((try? FileManager.default.attributesOfItem(atPath: gzipped.path)[.size] as? Int) ?? 0)
        print(String(format: "IDX  %.1f MB raw: %.3f s; gzipped %.1f MB: %.3f s; inflate ≈ %.0f MB/s of output",
                     idxBytes / 1e6, rawSeconds, gzipBytes / 1e6, gzipSeconds, idxBytes / 1e6 / max(gzipSeconds - rawSeconds, 1e-9)))
    }

    private func writeCSV(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("large.csv")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ValidationError("cannot create \(url.path)")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = RandomGenerator(seed: 1)
        var text = (0..<10).map { "f\($0)" }.joined(separator: ",") + ",kind\n", written = 0
        while written < megabytes * 1_000_000 {
            for _ in 0..<10 {
                let whole = generator.nextInt(below: 2000) - 1000, fraction = generator.nextInt(below: 1_000_000)
                let digits = String(fraction)
                text += "\(whole)." + String(repeating: "0", count: 6 - digits.count) + digits + ","
            }
            text += ["ant", "bee", "cat"][generator.nextInt(below: 3)] + "\n"
            if text.utf8.count > 1 << 20 {
                written += text.utf8.count
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
        return url
    }

    private func small(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("small.csv")
        try Data("a,kind\n1,ant\n".utf8).write(to: url)
        return url
    }

    private func writeIDX(in folder: URL) throws -> (raw: URL, gzipped: URL) {
        var generator = RandomGenerator(seed: 2)
        var pixels = [Float](repeating: 0, count: 60_000 * 784)
        for image in 0..<60_000 {
            let radius = 4 + Float(generator.nextInt(below: 6)), centre = 12 + Float(generator.nextInt(below: 4))
            for row in 0..<28 {
                for column in 0..<28 {
                    let distance = ((Float(row) - centre) * (Float(row) - centre) + (Float(column) - centre) * (Float(column) - centre)).squareRoot()
                    let ink = max(0, 1 - abs(distance - radius) / 1.5)
                    // Uneven ink, so the images compress about as MNIST's do (to a fifth), not to nothing.
                    let pressure = 0.6 + 0.4 * generator.nextUnitFloat()
                    if ink > 0 { pixels[image * 784 + row * 28 + column] = (ink * pressure * 255).rounded(.down) }
                }
            }
        }
        let raw = folder.appendingPathComponent("images-idx3-ubyte"), gzipped = folder.appendingPathComponent("images-idx3-ubyte.gz")
        try IDX.write(Tensor(shape: [60_000, 28, 28], scalars: pixels), dataType: .unsignedByte, to: raw)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", "-6"]
        process.standardInput = try FileHandle(forReadingFrom: raw)
        guard FileManager.default.createFile(atPath: gzipped.path, contents: nil) else {
            throw ValidationError("cannot create \(gzipped.path)")
        }
        process.standardOutput = try FileHandle(forWritingTo: gzipped)
        try process.run()
        process.waitUntilExit()
        return (raw, gzipped)
    }

    private func resetPeak() {
        guard let clear = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? clear.write(contentsOf: Data("5".utf8))
        try? clear.close()
    }

    private func statusBytes(_ key: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
