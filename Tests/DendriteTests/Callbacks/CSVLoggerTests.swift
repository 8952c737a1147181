import Foundation
import Testing
@testable import Dendrite

@Suite struct CSVLoggerCallbackTests {
    func temporaryFile() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("log.csv")
    }

    func rows(_ file: URL, separator: Character = ",") throws -> [[String]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: separator).map(String.init) }
    }

    @Test func writesHeaderOfSortedKeysAndOneRowPerEpoch() throws {
        let file = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let history = try TinyRegression.compiledModel().fit(
            TinyRegression.x, TinyRegression.y, epochs: 3, batchSize: 8,
            validationData: (TinyRegression.x, TinyRegression.y), callbacks: [CSVLogger(file.path)], verbose: 0)
        let table = try rows(file)
        #expect(table.first == ["epoch", "epoch_time", "learning_rate", "loss", "val_loss"])
        #expect(table.count == 4)
        #expect(table.dropFirst().map { $0[0] } == ["0", "1", "2"])
        #expect(table.dropFirst().compactMap { Float($0[3]) } == history["loss"])
        #expect(table.dropFirst().compactMap { Float($0[4]) } == history["val_loss"])
    }

    @Test func appendKeepsEarlierRowsAndWritesOneHeader() throws {
        let file = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let model = TinyRegression.compiledModel()
        try model.fit(TinyRegression.x, TinyRegression.y, epochs: 2, callbacks: [CSVLogger(file.path, separator: ";")], verbose: 0)
        try model.fit(TinyRegression.x, TinyRegression.y, epochs: 1,
                      callbacks: [CSVLogger(file.path, separator: ";", append: true)], verbose: 0)
        let table = try rows(file, separator: ";")
        #expect(table.map { $0[0] } == ["epoch", "0", "1", "0"])
        #expect(table.allSatisfy { $0.count == 4 })
    }

    @Test func unwritablePathThrowsNamingIt() throws {
        let path = "/nonexistent-dendrite-directory/log.csv"
        let error = try #require(throws: DendriteError.self) {
            try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, callbacks: [CSVLogger(path)], verbose: 0)
        }
        #expect(error.kind == .invalidFile && error.message.contains(path), "\(error.message)")
    }
}
