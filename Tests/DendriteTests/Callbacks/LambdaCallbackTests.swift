import Testing
@testable import Dendrite

@Suite struct LambdaCallbackTests {
    @Test func closuresRunInTrainingOrder() throws {
        var events: [String] = []
        let callback = LambdaCallback(onTrainBegin: { events.append("train begin") },
                                      onEpochBegin: { events.append("epoch \($0) begin") },
                                      onBatchEnd: { batch, logs in events.append("batch \(batch) end, loss: \(logs["loss"] != nil)") },
                                      onEpochEnd: { epoch, logs in events.append("epoch \(epoch) end, lr: \(logs["learning_rate"] != nil)") },
                                      onTrainEnd: { events.append("train end") })
        try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, epochs: 2, batchSize: 16,
                                               callbacks: [callback], verbose: 0)
        #expect(events == ["train begin",
                           "epoch 0 begin", "batch 0 end, loss: true", "batch 1 end, loss: true", "epoch 0 end, lr: true",
                           "epoch 1 begin", "batch 0 end, loss: true", "batch 1 end, loss: true", "epoch 1 end, lr: true",
                           "train end"])
    }

    @Test func errorThrownByAClosureEndsFit() throws {
        struct Halt: Error {}
        let callback = LambdaCallback(onEpochEnd: { epoch, _ in if epoch == 1 { throw Halt() } })
        #expect(throws: Halt.self) {
            try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, epochs: 5, callbacks: [callback],
                                                   verbose: 0)
        }
    }
}
