import ArgumentParser
import Dendrite
import Foundation

/// `dendrite convert IN OUT`: a model from one file format to another.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model between a Dendrite model directory, a Keras 3 .keras archive and a Keras 2 .h5 file.",
        discussion: """
            The input may be any of the three; the output is a .keras archive when its name ends in .keras, \
            a Keras 2 .h5 file (which Keras 3 reads) when it ends in .h5, otherwise a Dendrite model directory.
            Example: dendrite convert classifier.keras classifier-model
            """
    )

    @Argument(help: ArgumentHelp("The model to read: a model directory, a .keras archive or a Keras 2 .h5 file.", valueName: "in"))
    var input: String

    @Argument(help: ArgumentHelp("Where to write it: a .keras archive, a .h5 file or a model directory.", valueName: "out"))
    var output: String

    @OptionGroup var limits: ResourceOptions

    func run() throws {
        limits.apply()
        let name = output.lowercased()
        let model = try ModelOptions(model: input).load()
        try model.save(to: URL(fileURLWithPath: output))
        let format = name.hasSuffix(".keras") ? "Keras archive" : name.hasSuffix(".h5") ? "Keras 2 .h5 file" : "Dendrite model directory"
        print("Wrote \(output) (\(format)): \(model.name), \(model.parameters.reduce(0) { $0 + $1.value.count }) weights")
    }
}
