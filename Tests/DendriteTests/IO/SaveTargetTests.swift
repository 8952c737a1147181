import Foundation
import Testing
@testable import Dendrite

/// Saving replaces only what is a model: an absent path, an empty directory, or a Dendrite model
/// directory. Anything else is refused, and every file in it is left as it was.
@Suite struct SaveTargetTests {
    static func model() throws -> Sequential {
        let model = Sequential(seed: 1) { Dense(2, inputShape: [3]) }
        try model.build(inputShape: [3])
        return model
    }

    @Test(arguments: [
        ("data.csv", "a,b\n1,2\n", "is not a Dendrite model directory, so saving will not replace it: it holds 'data.csv'; choose an empty or new directory"),
        ("config.json", "{\"name\": \"mine\"}", "is not a Dendrite model directory, so saving will not replace it: it has no config.json written by Dendrite; choose an empty or new directory"),
        ("notes.txt", "keep me", "is not a Dendrite model directory, so saving will not replace it: it holds 'notes.txt'; choose an empty or new directory"),
    ])
    func directoriesHoldingOtherFilesAreRefusedAndKept(file: String, contents: String, expected: String) throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(contents.utf8).write(to: directory.appendingPathComponent(file))
        let error = try #require(throws: DendriteError.self) { try Self.model().save(to: directory) }
        #expect(error.message == "\(directory.path) \(expected)")
        #expect(try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) == contents)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [file])
    }

    @Test func aModelDirectoryWithExtraUserFilesIsRefused() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.model().save(to: directory)
        try Data("mine".utf8).write(to: directory.appendingPathComponent("train.csv"))
        let error = try #require(throws: DendriteError.self) { try Self.model().save(to: directory) }
        #expect(error.message.contains("it holds 'train.csv' (and 2 more)"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("train.csv").path))
    }

    /// `dir/.` is how the current directory reaches `save` from a relative path such as ".".
    @Test func theCurrentDirectoryWithFilesIsRefused() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x".utf8).write(to: directory.appendingPathComponent("input.csv"))
        let current = directory.appendingPathComponent(".")
        let error = try #require(throws: DendriteError.self) { try Self.model().save(to: current) }
        #expect(error.message.contains("it holds 'input.csv'"))
    }

    @Test func absentEmptyAndModelDirectoriesAreReplaced() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let absent = directory.appendingPathComponent("new-model")
        try Self.model().save(to: absent)
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        try Self.model().save(to: empty)
        // A model directory with the history files `dendrite train` writes beside it.
        try Data("{}".utf8).write(to: absent.appendingPathComponent("history.json"))
        try Self.model().save(to: absent)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: empty.path)) == ["config.json", "model.safetensors"])
    }
}
