import Testing
@testable import Dendrite

@Suite struct TerminateOnNaNCallbackTests {
    @Test func divergingRunStopsAtTheFirstNonFiniteBatch() throws {
        // SGD at rate 1000 multiplies the error by about −2000 per update: the loss overflows in a few batches.
        let model = TinyRegression.compiledModel(learningRate: 1000)
        let terminator = TerminateOnNaN()
        var batchesRun = 0
        let counter = LambdaCallback(onBatchEnd: { _, _ in batchesRun += 1 })
        let history = try model.fit(TinyRegression.x, TinyRegression.y, epochs: 5, batchSize: 1,
                                    callbacks: [counter, terminator], verbose: 0)
        let stopped = try #require(terminator.stoppedBatch)
        #expect(stopped < 31 && batchesRun == stopped + 1, "stopped at \(stopped) after \(batchesRun) batches")
        #expect(history.epochs == [0])
        #expect(history["loss"]?.first?.isFinite == false)
        #expect(model.stopTraining)
    }

    @Test func finiteRunIsLeftAlone() throws {
        let terminator = TerminateOnNaN()
        let history = try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, epochs: 2, batchSize: 8,
                                                             callbacks: [terminator], verbose: 0)
        #expect(terminator.stoppedBatch == nil)
        #expect(history.epochs == [0, 1])
    }
}
