import ArgumentParser
import Dendrite
import Foundation

@main
struct DendriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dendrite",
        abstract: "Build, train and run neural networks with Dendrite.",
        subcommands: [TrainCommand.self, EvaluateCommand.self, PredictCommand.self, GenerateCommand.self, SummaryCommand.self, ConvertCommand.self,
                      PlotCommand.self, DemoCommand.self]
    )

    /// Runs the command; a failure prints one line, `Error: …`, on standard error (no usage text, no
    /// stack trace) and exits non-zero. `--help` output is left to the argument parser. Control
    /// characters the user typed are shown escaped, whichever message quotes them.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let lines = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            var text = lines.filter { !$0.isEmpty }.joined(separator: " ")
            if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
            FileHandle.standardError.write(Data("Error: \(QuotedText.printable(text))\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
