import ArgumentParser
import Dendrite
import DendritePlot
import Foundation

/// `dendrite plot confusion-matrix`: a saved classifier's confusion matrix on labelled data.
struct PlotConfusionMatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confusion-matrix",
        abstract: "The confusion matrix of a saved classifier on labelled data, as a heat map.",
        discussion: "Example: dendrite plot confusion-matrix --model iris-model --data iris --output confusion.svg"
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var outputOptions: PlotOutputOptions
    @OptionGroup var limits: ResourceOptions

    func run() throws {
        limits.apply()
        let model = try modelOptions.load()
        let data = try dataOptions.labelledData()
        let task = OutputKind(model: model)
        guard task.isClassification else { throw CommandFailure("the model in '\(modelOptions.model)' is not a classifier") }
        let output = try model.predict(try model.prepared(data.features, source: "'\(data.name)'"))[0]
        let matrix = try ConfusionMatrix(predictions: task.predictedClasses(output),
                                         targets: try classIds(model.labels(of: data), classCount: task.classCount,
                                                                       source: "'\(data.name)'"),
                                         classCount: task.classCount)
        try outputOptions.write(Plot.confusionMatrix(matrix, classNames: model.displayedClassNames(count: task.classCount)))
    }
}
