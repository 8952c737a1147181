import Foundation

/// Keras-style progress: `Epoch 3/50`, then a live bar
/// `12/15 ━━━━━━━━━━━━──────── 0s 2ms/step - accuracy: 0.9512 - loss: 0.1432` on a terminal, or
/// one plain line per epoch otherwise (and always with `verbose: 2`).
final class ProgressReporter {
    private let verbose: Int
    private let epochs: Int
    private let steps: Int
    private let live: Bool
    private let output: (String) -> Void
    private var epochStart = Date()
    private var lastDraw = Date.distantPast

    /// - Parameters:
    ///   - isTerminal: whether the output is a terminal (a live bar) or a file or pipe (one line per epoch).
    ///   - output: where the text goes (standard output by default).
    init(verbose: Int, epochs: Int, steps: Int, isTerminal: Bool = isatty(STDOUT_FILENO) != 0,
         output: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.verbose = verbose
        self.epochs = epochs
        self.steps = steps
        self.live = verbose == 1 && isTerminal
        self.output = output
    }

    func beginEpoch(_ epoch: Int) {
        epochStart = Date()
        if verbose > 0 { write("Epoch \(epoch + 1)/\(epochs)\n") }
    }

    func endBatch(_ step: Int, logs: [String: Float]) {
        guard live, Date().timeIntervalSince(lastDraw) > 0.05 || step + 1 == steps else { return }
        lastDraw = Date()
        write("\r\u{1B}[K" + line(step + 1, logs: logs, bar: true))
    }

    func endEpoch(_ epoch: Int, logs: [String: Float]) {
        guard verbose > 0 else { return }
        if live {
            write("\r\u{1B}[K" + line(steps, logs: logs, bar: true) + "\n")
        } else {
            write(line(steps, logs: logs, bar: false) + "\n")
        }
    }

    private func line(_ done: Int, logs: [String: Float], bar: Bool) -> String {
        let elapsed = Date().timeIntervalSince(epochStart)
        let perStep = elapsed / Double(Swift.max(done, 1))
        let stepTime = perStep >= 1 ? "\(Int(perStep))s/step" : "\(Int((perStep * 1000).rounded()))ms/step"
        let metrics = logs.filter { $0.key != "learning_rate" && $0.key != "epoch_time" }
            .sorted { $0.key < $1.key }
            .map { "\($0.key): \(String(format: "%.4f", $0.value))" }
        let width = 20, filled = steps > 0 ? width * done / steps : width
        let head = bar
            ? "\(done)/\(steps) " + String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
                + " \(Int(elapsed))s \(stepTime)"
            : "\(done)/\(steps) - \(Int(elapsed))s - \(stepTime)"
        return ([head] + metrics).joined(separator: " - ")
    }

    private func write(_ text: String) { output(text) }
}
