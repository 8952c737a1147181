import Testing
@testable import Dendrite

@Suite struct ProgressReporterTests {
    final class Sink: @unchecked Sendable {
        var text = ""
    }

    let logs: [String: Float] = ["loss": 0.14321, "accuracy": 0.95123, "val_loss": 0.2, "learning_rate": 0.001, "epoch_time": 1]

    @Test func plainOutputIsOneLinePerEpochLikeKeras() {
        let sink = Sink()
        let reporter = ProgressReporter(verbose: 1, epochs: 50, steps: 15, isTerminal: false) { sink.text += $0 }
        reporter.beginEpoch(2)
        for step in 0..<15 { reporter.endBatch(step, logs: logs) }
        reporter.endEpoch(2, logs: logs)
        let lines = sink.text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "Epoch 3/50")
        #expect(lines[1].hasPrefix("15/15 - 0s - "))
        #expect(lines[1].hasSuffix("ms/step - accuracy: 0.9512 - loss: 0.1432 - val_loss: 0.2000"))
    }

    @Test func terminalOutputDrawsALiveBar() {
        let sink = Sink()
        let reporter = ProgressReporter(verbose: 1, epochs: 1, steps: 20, isTerminal: true) { sink.text += $0 }
        reporter.beginEpoch(0)
        reporter.endBatch(9, logs: logs)
        #expect(sink.text.contains("10/20 ━━━━━━━━━━────────── 0s"))
        #expect(sink.text.contains("\r"))
        reporter.endEpoch(0, logs: logs)
        #expect(sink.text.hasSuffix("- accuracy: 0.9512 - loss: 0.1432 - val_loss: 0.2000\n"))
    }

    @Test func silentAtVerboseZero() {
        let sink = Sink()
        let reporter = ProgressReporter(verbose: 0, epochs: 1, steps: 1, isTerminal: true) { sink.text += $0 }
        reporter.beginEpoch(0)
        reporter.endBatch(0, logs: logs)
        reporter.endEpoch(0, logs: logs)
        #expect(sink.text.isEmpty)
    }

    @Test func sequentialFromAListNamesLayersLikeKeras() {
        let model = Sequential([Dense(4, inputShape: [3]), Dropout(0.1), Dense(2), ActivationLayer(.softmax)])
        model.add(Dense(1))
        #expect(model.layers.map(\.name) == ["dense", "dropout", "dense_1", "activation", "dense_2"])
        #expect(model.outputShape == [1])
    }
}
