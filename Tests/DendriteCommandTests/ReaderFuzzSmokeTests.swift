@testable import DendriteCLI
import Dendrite
import Foundation
import Testing

/// The libFuzzer targets' contract (Scripts/fuzz) checked in every test run, without libFuzzer: each
/// target's committed seeds and a fixed set of mutations of them go through the same readers, which
/// must load the bytes or throw a `DendriteError` (the history reader: the command's
/// `CommandFailure`) whose message is one short line without raw control characters. A reader that
/// traps fails the whole run; one that throws anything else fails here, naming the input.
@Suite struct ReaderFuzzSmokeTests {
    /// Mutations per seed file. Every target together runs in about a second (debug build).
    static let mutationsPerSeed = 60

    /// The committed seeds of one fuzz target, beside this package's sources.
    static func seeds(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("Scripts/fuzz/seeds/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(!names.isEmpty, "no seeds in \(directory.path)")
        return try names.map { ($0, [UInt8](try Data(contentsOf: directory.appendingPathComponent($0)))) }
    }

    /// Every seed as it is, then `mutationsPerSeed` mutations of it, each with a label for messages.
    static func inputs(_ target: String) throws -> [(label: String, bytes: [UInt8])] {
        var mutations = SeedMutations(seed: 0x5EED_0000 &+ UInt64(target.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        return try seeds(target).flatMap { seed in
            [("\(target)/\(seed.name)", seed.bytes)]
                + (1...mutationsPerSeed).map { ("\(target)/\(seed.name) mutation \($0)", mutations.mutate(seed.bytes)) }
        }
    }

    /// Runs `read`; a throw must be a refusal with a usable message.
    static func expectLoadsOrRefuses(_ label: String, _ bytes: [UInt8], _ read: () throws -> Void) {
        do {
            try read()
        } catch let error as DendriteError {
            expectUsable(error.message, label, bytes)
        } catch let failure as CommandFailure {
            expectUsable(failure.description, label, bytes)
        } catch {
            Issue.record("\(label): threw \(type(of: error)) instead of a DendriteError: \(error); input \(bytes)")
        }
    }

    /// One line, not empty, without control characters, and short. A message quotes at most 60
    /// characters of what it read at a time; with a path and a list of registered names it stays
    /// well under 2,000.
    static func expectUsable(_ message: String, _ label: String, _ bytes: [UInt8]) {
        let control = message.unicodeScalars.first { $0.properties.generalCategory == .control }
        #expect(!message.isEmpty && control == nil && message.count <= 2_000,
                "\(label): message \(message.debugDescription); input \(bytes)")
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-fuzz-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The input as a file named `name` in this test's directory.
    func file(_ bytes: [UInt8], named name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func csvReadersLoadOrRefuseEveryInput() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for (label, bytes) in try Self.inputs("csv") {
            let url = try file(bytes, named: "input.csv")
            for missing in [MissingValues.error, .mean, .dropRow] {
                Self.expectLoadsOrRefuses("\(label), missingValues \(missing)", bytes) {
                    _ = try CSV.read(url, target: "label", missingValues: missing)
                }
            }
            Self.expectLoadsOrRefuses("\(label), readFeatures", bytes) { _ = try CSV.readFeatures(url) }
        }
    }

    @Test func idxReadersLoadOrRefuseEveryInput() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for (label, bytes) in try Self.inputs("idx") {
            let url = try file(bytes, named: "input.idx")
            Self.expectLoadsOrRefuses(label, bytes) { _ = try IDX.read(url) }
            Self.expectLoadsOrRefuses("\(label), as MNIST", bytes) { _ = try Datasets.mnist(imagesURL: url, labelsURL: url) }
        }
    }

    @Test func safetensorsReaderLoadsOrRefusesEveryInput() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for (label, bytes) in try Self.inputs("safetensors") {
            let url = try file(bytes, named: "input.safetensors")
            Self.expectLoadsOrRefuses(label, bytes) { _ = try SafeTensors(data: Data(bytes)) }
            let model = Sequential { Dense(2, inputShape: [2]) }
            try model.build(inputShape: [2])
            Self.expectLoadsOrRefuses("\(label), as a Dense(2)'s weights", bytes) { try model.loadWeights(from: url) }
        }
    }

    @Test func modelConfigurationReaderLoadsOrRefusesEveryInput() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelDirectory = directory.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: modelDirectory, withIntermediateDirectories: true)
        try SafeTensors().write(to: modelDirectory.appendingPathComponent("model.safetensors"))
        for (label, bytes) in try Self.inputs("config") {
            _ = try file(bytes, named: "model/config.json")
            Self.expectLoadsOrRefuses(label, bytes) { _ = try Model.load(from: modelDirectory) }
        }
    }

    @Test func historyReaderLoadsOrRefusesEveryInput() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for (label, bytes) in try Self.inputs("history") {
            for name in ["history.json", "history.csv"] {
                let url = try file(bytes, named: name)
                Self.expectLoadsOrRefuses("\(label) as \(name)", bytes) { _ = try HistoryFile.read(url) }
            }
        }
    }
}
