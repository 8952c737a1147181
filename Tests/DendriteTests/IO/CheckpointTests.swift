import Foundation
import Testing
@testable import Dendrite

@Suite struct CheckpointTests {
    @Test func interruptedAndResumedRunEndsBitIdenticalToAnUninterruptedOne() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (x, y) = (SavingSupport.x, SavingSupport.y)
        let uninterrupted = try SavingSupport.compiledModel()
        let full = try uninterrupted.fit(x, y, epochs: 5, batchSize: 5, validationSplit: 0.25, verbose: 0)

        // The "crashed" run: a checkpoint every epoch, killed after its third epoch.
        let checkpoint = directory.appendingPathComponent("checkpoint")
        let interrupted = try SavingSupport.compiledModel()
        let stopAfterThird = StopAfterEpoch(2)
        try interrupted.fit(x, y, epochs: 5, batchSize: 5, validationSplit: 0.25,
                            callbacks: [ModelCheckpoint(checkpoint.path), stopAfterThird], verbose: 0)

        // A new process: the same code builds and compiles the model, then resumes.
        let resumed = try SavingSupport.compiledModel()
        let rest = try resumed.fit(x, y, epochs: 5, batchSize: 5, validationSplit: 0.25, verbose: 0, resumeFrom: checkpoint)
        #expect(rest.epochs == [3, 4])
        #expect(rest["loss"] == Array(full["loss"]?.suffix(2) ?? []))
        #expect(rest["val_loss"] == Array(full["val_loss"]?.suffix(2) ?? []))
        #expect(SavingSupport.bits(resumed.weights) == SavingSupport.bits(uninterrupted.weights))
        #expect(resumed.compiled?.optimizerState.iterations == uninterrupted.compiled?.optimizerState.iterations)
    }

    @Test func saveBestOnlyWritesOnlyImprovingEpochs() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = TinyRegression.compiledModel(learningRate: 0.1)
        var improving: [Int] = [], best = Float.infinity
        let watcher = LambdaCallback(onEpochEnd: { epoch, logs in
            if let loss = logs["loss"], loss < best { best = loss; improving.append(epoch + 1) }
        })
        let checkpoint = ModelCheckpoint(directory.appendingPathComponent("ckpt-{epoch}").path, monitor: "loss", saveBestOnly: true)
        try model.fit(TinyRegression.x, TinyRegression.y, epochs: 6, batchSize: 32, callbacks: [watcher, checkpoint], verbose: 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(written == improving.map { "ckpt-\($0)" }.sorted())
        #expect(checkpoint.best == best)
        let last = try Sequential.load(from: try #require(checkpoint.lastSaved))
        #expect(last.weights == model.weights)
    }

    @Test func resumingFromAPlainSaveOrAnotherArchitectureIsRefused() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = directory.appendingPathComponent("saved")
        try TinyRegression.compiledModel().save(to: saved)
        // (fit builds first: build the model so that the saved input shape is known)
        let error = try #require(throws: DendriteError.self) {
            try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, verbose: 0, resumeFrom: saved)
        }
        #expect(error.message.hasSuffix("completed_epochs is missing: this is a saved model, not a checkpoint written by ModelCheckpoint"))

        let checkpoint = directory.appendingPathComponent("checkpoint")
        try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, callbacks: [ModelCheckpoint(checkpoint.path)], verbose: 0)
        let other = Sequential { Dense(2, inputShape: [1]) }
        other.compile(optimizer: SGD(), loss: .mse)
        let mismatch = try #require(throws: DendriteError.self) {
            try other.fit(TinyRegression.x, Tensor.zeros([32, 2]), verbose: 0, resumeFrom: checkpoint)
        }
        #expect(mismatch.message.contains("layer 0 is 'dense' (Dense) with settings"), "\(mismatch.message)")
    }
}

/// Ends `fit` after the given epoch, as a crash would (nothing else runs afterwards).
final class StopAfterEpoch: Callback {
    let epoch: Int
    init(_ epoch: Int) { self.epoch = epoch }
    func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws {
        if epoch == self.epoch { model.stopTraining = true }
    }
}
