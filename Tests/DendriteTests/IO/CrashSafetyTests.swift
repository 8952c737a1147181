import Foundation
import Testing
@testable import Dendrite

/// A save interrupted at any point leaves the last complete save loadable.
///
/// Method: the save takes an interruption hook called at each point where a crash leaves different
/// files on disk (before each file is written into the temporary directory, before the swap,
/// after the swap). The hook throws, and the save has no clean-up path, so what remains on disk
/// is exactly what a process killed at that point leaves. (A power cut can also lose data the OS
/// had not written out; the save flushes every file before the rename for that, which a test
/// cannot simulate.) Killing a child process at random moments would cover the same states, but
/// only by chance, and would need a helper executable.
@Suite struct CrashSafetyTests {
    struct SimulatedCrash: Error {}

    static let stages: [SaveStage] = [.writing("config.json"), .writing("model.safetensors"),
                                      .writing("optimizer.safetensors"), .replacing, .removingPrevious]

    @Test(arguments: CrashSafetyTests.stages)
    func crashDuringASaveLeavesTheLastCompleteSave(_ stage: SaveStage) throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model")
        let model = try SavingSupport.compiledModel()
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 1, verbose: 0)
        try model.save(to: url)
        let first = try model.predict(SavingSupport.x)
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 1, verbose: 0)
        let second = try model.predict(SavingSupport.x)
        #expect(first != second)

        #expect(throws: SimulatedCrash.self) {
            try model.save(to: url, completedEpochs: nil) { if $0 == stage { throw SimulatedCrash() } }
        }
        let survivor = try Sequential.load(from: url).predict(SavingSupport.x)
        // Until the swap the old save is in place; after it, the new one is complete.
        #expect(survivor == (stage == .removingPrevious ? second : first))

        // The next save succeeds and removes what the crash left behind.
        try model.save(to: url)
        #expect(try Sequential.load(from: url).predict(SavingSupport.x) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model"])
    }

    @Test func crashBeforeAFileRenameKeepsTheOldFile() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("weights.safetensors")
        try SafeTensors([("w", Tensor([1, 2]))]).write(to: url)
        for stage in [SaveStage.writing("weights.safetensors"), .replacing] {
            #expect(throws: SimulatedCrash.self) {
                try AtomicFile.write(SafeTensors([("w", Tensor([9]))]).data(), to: url) { if $0 == stage { throw SimulatedCrash() } }
            }
            #expect(try SafeTensors(contentsOf: url)["w"] == Tensor([1, 2]))
        }
        try SafeTensors([("w", Tensor([9]))]).write(to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["weights.safetensors"])
    }
}
