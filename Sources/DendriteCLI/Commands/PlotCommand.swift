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

    func validate() throws {
        // An empty path would name the working directory.
        guard !output.isEmpty else { throw ValidationError("--output is empty; name the file to write") }
    }

    func write(_ svg: String) throws {
        // Written here rather than by Plot.write, so that a refusal names the path as typed.
        do { try Data(svg.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            throw CommandFailure("cannot write '\(output)': \(FileErrorText.describe(error))")
        }
        print("Wrote \(output)")
    }
}
