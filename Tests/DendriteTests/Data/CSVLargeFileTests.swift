import Foundation
import Testing
@testable import Dendrite

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
        var file = Data(text.utf8.prefix(header))
        for _ in 0..<Self.blocks { file.append(body) }
        try file.write(to: url)
    }

    /// Bytes of the numbers the file holds: features and labels as Float.
    static var numericBytes: Int { blockRows * blocks * (width + 1) * MemoryLayout<Float>.stride }
}

@Suite struct CSVLargeFileTests {
    static let probeVariable = "DENDRITE_CSV_MEMORY_PROBE"

    @Test func twentyMegabyteFileLoadsEveryValue() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LargeCSV(in: directory.url)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int)
        #expect(size > 19_000_000, "\(size) bytes")
        let data = try CSV.read(file.url, target: "kind")
        let rows = LargeCSV.blockRows * LargeCSV.blocks
        #expect(data.features.shape == [rows, LargeCSV.width])
        #expect(data.classNames == LargeCSV.classes)
        let values = data.features.scalars, labels = data.labels.scalars
        for row in [0, 1, 9_999, 10_000, 123_457, rows - 1] {
            let local = row % LargeCSV.blockRows
            #expect(Array(values[(row * LargeCSV.width)..<((row + 1) * LargeCSV.width)])
                    == Array(file.block[(local * LargeCSV.width)..<((local + 1) * LargeCSV.width)]), "row \(row)")
            #expect(labels[row] == Float(local % 3), "row \(row)")
        }
        let blockSum = file.block.reduce(0.0) { $0 + Double($1) }
        let sum = values.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - blockSum * Double(LargeCSV.blocks)) < 1e-6 * abs(sum) + 1e-3)
    }

    /// The load runs in a child process (this test binary, running only ``memoryProbe()``), so no
    /// other test allocates meanwhile. The child reads VmRSS just before the load and VmHWM (the
    /// process' peak resident size) just after it: their difference bounds the load's peak growth from
    /// above, because the peak can only have been reached before the load (making the figure larger)
    /// or during it.
    @Test func twentyMegabyteFilePeaksBelowTwoAndAHalfTimesItsNumbers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try LargeCSV(in: directory.url)
        let report = directory.url.appendingPathComponent("report.txt")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "memoryProbe"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            [Self.probeVariable: file.url.path, Self.probeVariable + "_REPORT": report.path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        child.waitUntilExit()
        let fields = try String(contentsOf: report, encoding: .utf8).split(separator: " ").compactMap { Int($0) }
        let (growth, rows) = try (#require(fields.first), #require(fields.last))
        #expect(rows == LargeCSV.blockRows * LargeCSV.blocks)
        let ratio = Double(growth) / Double(LargeCSV.numericBytes)
        print("CSV load of \(LargeCSV.numericBytes) bytes of numbers: peak RSS growth \(growth) bytes (\(ratio)×)")
        #expect(ratio < 2.5, "peak growth \(growth) bytes = \(ratio) × the \(LargeCSV.numericBytes) bytes of numbers")
    }

    /// Runs only inside the child process started above.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func memoryProbe() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try #require(environment[Self.probeVariable])
        let report = try #require(environment[Self.probeVariable + "_REPORT"])
        // A first small load initialises what any load needs once (code pages, allocator arenas).
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try CSV.read(directory.file("warm-up.csv", "a,kind\n1,ant\n"), target: "kind")
        let before = try Self.statusKilobytes("VmRSS")
        let data = try CSV.read(URL(fileURLWithPath: path), target: "kind")
        let peak = try Self.statusKilobytes("VmHWM")
        try "\((peak - before) * 1024) \(data.count)".write(toFile: report, atomically: true, encoding: .utf8)
    }

    static func statusKilobytes(_ key: String) throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(key + ":") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? ""))
    }
}
