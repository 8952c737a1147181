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
            otherwise a Dendrite model directory (writing Keras 2 .h5 files is not supported).
            Example: dendrite convert classifier.keras classifier-model
            """
    )

    @Argument(help: ArgumentHelp("The model to read: a model directory, a .keras archive or a Keras 2 .h5 file.", valueName: "in"))
    var input: String

    @Argument(help: ArgumentHelp("Where to write it: a .keras archive or a model directory.", valueName: "out"))
    var output: String

    @OptionGroup var limits: ResourceOptions

    func run() throws {
        limits.apply()
        let name = output.lowercased()
        guard !name.hasSuffix(".h5"), !name.hasSuffix(".hdf5") else {
            throw CommandFailure("convert: '\(output)': writing Keras 2 .h5 files is not supported; write a .keras archive, which Keras 3 and 2.13+ read")
        }
        let model = try ModelOptions(model: input).load()
        try model.save(to: URL(fileURLWithPath: output))
        let format = name.hasSuffix(".keras") ? "Keras archive" : "Dendrite model directory"
        print("Wrote \(output) (\(format)): \(model.name), \(model.parameters.reduce(0) { $0 + $1.value.count }) weights")
    }
}
