import ArgumentParser
import Dendrite
import DendritePlot
import Foundation

/// `dendrite plot history`: the loss and metric curves of a training run.
struct PlotHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Training curves from the history.json or history.csv that 'dendrite train' saved.",
        discussion: "Example: dendrite plot history --history iris-model/history.json --output training.svg"
    )

    @Option(help: ArgumentHelp("history.json or history.csv.", valueName: "file"))
    var history: String

    @Option(help: ArgumentHelp("Metrics to draw besides the loss, comma-separated (default: every recorded metric).", valueName: "accuracy,…"))
    var metrics: String?

    @Flag(help: "Draw the loss on a logarithmic axis.")
    var logLoss = false

    @OptionGroup var outputOptions: PlotOutputOptions
    @OptionGroup var limits: ResourceOptions

    func run() throws {
        limits.apply()
        let url = URL(fileURLWithPath: history)
        let recorded = try HistoryFile.read(url)
        let chosen = metrics.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let missing = chosen?.first(where: { recorded[$0] == nil && recorded["val_" + $0] == nil && $0 != "loss" }) {
            throw CommandFailure("--metrics: \(QuotedText.quoted(missing)) is not in '\(url.path)', which records "
                                 + recorded.values.keys.sorted().map(QuotedText.shown).joined(separator: ", "))
        }
        let chart: String
        // The library names its function; the user named the file.
        do { chart = try Plot.trainingCurves(recorded, metrics: chosen, logarithmicLoss: logLoss) } catch let error as DendriteError {
            throw CommandFailure(error.message.replacingOccurrences(of: "Plot.trainingCurves: ", with: "--history '\(url.path)': "))
        }
        try outputOptions.write(chart)
    }
}
