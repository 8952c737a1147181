import ArgumentParser
import Dendrite
import DendritePlot
import Foundation

/// `dendrite plot …`: SVG pictures of training runs, activations and saved models.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw SVG charts: training curves, activation functions, decision regions, confusion matrices.",
        subcommands: [PlotHistoryCommand.self, PlotActivationsCommand.self, PlotDecisionBoundaryCommand.self,
                      PlotConfusionMatrixCommand.self]
    )
}

/// `--output FILE.svg`, shared by the plot commands.
struct PlotOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The SVG file to write.", valueName: "file.svg"))
    var output: String

    func write(_ svg: String) throws {
        try Plot.write(svg, to: URL(fileURLWithPath: output))
        print("Wrote \(output)")
    }
}
