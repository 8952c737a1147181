import ArgumentParser
import Dendrite
import DendritePlot
import Foundation

/// `dendrite plot activations`: activation functions and their derivatives.
struct PlotActivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Activation functions over [-5, 5] and, beside them, their derivatives.",
        discussion: "Example: dendrite plot activations --functions relu,sigmoid,tanh --output activations.svg"
    )

    @Option(help: ArgumentHelp("Functions by Keras name, comma-separated.", valueName: "relu,sigmoid,…"))
    var functions = "sigmoid,tanh,relu,leaky_relu,elu,gelu,swish"

    @Flag(help: "Leave out the derivatives panel.")
    var noDerivatives = false

    @OptionGroup var outputOptions: PlotOutputOptions

    func run() throws {
        let activations = try functions.split(separator: ",").map { item in
            let name = item.trimmingCharacters(in: .whitespaces)
            guard let activation = Activation(named: name) else {
                throw CommandFailure("--functions: unknown activation \(QuotedText.quoted(name)) (known: \(LayerSpecification.activationNames))")
            }
            return activation
        }
        let chart: String
        // The library names its function; the user typed --functions.
        do { chart = try Plot.activationFunctions(activations, includeDerivatives: !noDerivatives) } catch let error as DendriteError {
            throw CommandFailure(error.message.replacingOccurrences(of: "Plot.activationFunctions: ", with: "--functions '\(functions)': "))
        }
        try outputOptions.write(chart)
    }
}
