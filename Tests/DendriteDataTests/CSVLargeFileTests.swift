import Foundation
import Testing
@testable import DendriteData

/// A generated CSV of about 20 MB: 10 numeric features with six decimals and a text class column,
/// 17 copies of one block of 10,000 distinct rows.
struct LargeCSV {
    static let blockRows = 10_000, blocks = 17, width = 10
    static let classes = ["ant", "bee", "cat"]
    let url: URL
    /// The features of one block, row-major, as `Float` reads them.
    let block: [Float]

    init(in directory: URL) throws {
        url = directory.appendingPathComponent("large.csv")
        var text = (0..<Self.width).map { "f\($0)" }.joined(separator: ",") + ",kind\n"
        var block: [Float] = []
        block.reserveCapacity(Self.blockRows * Self.width)
        for row in 0..<Self.blockRows {
            for column in 0..<Self.width {
                let fraction = String((row * 7_919 + column * 104_729) % 1_000_000)
                let cell = "\((row * 31 + column * 7) % 2000 - 1000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
                block.append(Float(cell) ?? .nan)
                text += cell + ","
            }
            text += Self.classes[row % 3] + "\n"
        }
        self.block = block
        let header = text.prefix { $0 != "\n" }.utf8.count + 1
        let body = Data(text.utf8.dropFirst(header))
        try Data(text.utf8.prefix(header)).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        for _ in 0..<Self.blocks { try handle.write(contentsOf: body) }
    }

    /// Bytes of the numbers the file holds: features and labels as Float.
    static var numericBytes: Int { blockRows * blocks * (width + 1) * MemoryLayout<Float>.stride }
}

/// The 20 MB loads run in a child process: this test binary, filtered to ``memoryProbe()`` or
/// ``valueProbe()``, which generate the file themselves. So no other test allocates beside the load
/// being measured, and the tens of megabytes never touch this process (where other tests measure
/// their own memory).
@Suite struct CSVLargeFileTests {
    static let probeVariable = "DENDRITE_CSV_PROBE_REPORT"

    /// Runs one probe test in a child process and returns the numbers it reports.
    func runProbe(_ name: String) throws -> [String: Double] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = directory.url.appendingPathComponent("report.txt")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", name]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.probeVariable: report.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        #expect(child.terminationStatus == 0)
        let text = try String(contentsOf: report, encoding: .utf8)
        return Dictionary(uniqueKeysWithValues: text.split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: "=")
            return parts.count == 2 ? Double(parts[1]).map { (String(parts[0]), $0) } : nil
        })
    }

    @Test func twentyMegabyteFileLoadsEveryValue() throws {
        let report = try runProbe("valueProbe")
        #expect(report["bytes"].map { $0 > 19_000_000 } == true, "\(report)")
        #expect(report["rows"] == Double(LargeCSV.blockRows * LargeCSV.blocks))
        #expect(report["columns"] == Double(LargeCSV.width))
        #expect(report["classesMatch"] == 1 && report["checkedRows"] == 6 && report["mismatchedRows"] == 0)
        #expect(report["relativeSumError"].map { $0 < 1e-6 } == true, "\(report)")
    }

    /// The child resets VmHWM (the process' peak resident size), reads VmRSS just before the load and
    /// VmHWM just after it: their difference bounds the load's peak growth from above, because the
    /// peak can only have been reached before the load (making the figure larger) or during it.
    /// Skipped under AddressSanitizer (docs/reliability.md's command sets `DENDRITE_SANITIZER=address`):
    /// its shadow memory and quarantine of freed blocks, not the reader, double the peak there.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["DENDRITE_SANITIZER"] == "address",
                    "AddressSanitizer's shadow memory and quarantine inflate the peak resident size"))
    func twentyMegabyteFilePeaksBelowTwoAndAHalfTimesItsNumbers() throws {
        let report = try runProbe("memoryProbe")
        let growth = try #require(report["growth"])
        #expect(report["rows"] == Double(LargeCSV.blockRows * LargeCSV.blocks))
        let ratio = growth / Double(LargeCSV.numericBytes)
        print("CSV load of \(LargeCSV.numericBytes) bytes of numbers: peak RSS growth \(Int(growth)) bytes (\(ratio)×)")
        #expect(ratio < 2.5, "peak growth \(growth) bytes = \(ratio) × the \(LargeCSV.numericBytes) bytes of numbers")
    }

    /// Runs only inside the child process started above.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func memoryProbe() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LargeCSV(in: directory.url)
        // A first small load initialises what any load needs once (code pages, allocator arenas).
        _ = try CSV.read(directory.file("warm-up.csv", "a,kind\n1,ant\n"), target: "kind")
        // Writing 5 to clear_refs resets VmHWM to the current size (Linux ≥ 4.0), forgetting the
        // generation's peak; without it the bound below is only looser.
        if let clear = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            try? clear.write(contentsOf: Data("5".utf8))
            try? clear.close()
        }
        let before = try Self.statusKilobytes("VmRSS")
        let data = try CSV.read(file.url, target: "kind")
        let peak = try Self.statusKilobytes("VmHWM")
        try Self.report("growth=\((peak - before) * 1024) rows=\(data.count)")
    }

    /// Runs only inside the child process started above.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func valueProbe() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LargeCSV(in: directory.url)
        let bytes = try FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int ?? 0
        let data = try CSV.read(file.url, target: "kind")
        let rows = data.count, width = LargeCSV.width
        let values = data.features.scalars, labels = data.labels.scalars
        let checked = [0, 1, 9_999, 10_000, 123_457, rows - 1]
        let mismatched = checked.filter { row in
            let local = row % LargeCSV.blockRows
            return Array(values[(row * width)..<((row + 1) * width)]) != Array(file.block[(local * width)..<((local + 1) * width)])
                || labels[row] != Float(local % 3)
        }
        let expectedSum = file.block.reduce(0.0) { $0 + Double($1) } * Double(LargeCSV.blocks)
        let sum = values.reduce(0.0) { $0 + Double($1) }
        try Self.report("bytes=\(bytes) rows=\(rows) columns=\(data.features.shape[1]) classesMatch=\(data.classNames == LargeCSV.classes ? 1 : 0) checkedRows=\(checked.count) mismatchedRows=\(mismatched.count) relativeSumError=\(abs(sum - expectedSum) / abs(expectedSum))")
    }

    static func report(_ text: String) throws {
        let path = try #require(ProcessInfo.processInfo.environment[probeVariable])
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func statusKilobytes(_ key: String) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(key + ":") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""))
    }
}
