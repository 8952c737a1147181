import ArgumentParser
import Dendrite
import Foundation

/// `dendrite evaluate`: a saved model's loss and metrics on labelled data.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Report a saved model's loss and metrics, and for classifiers the per-class report.",
        discussion: "Example: dendrite evaluate --model iris-model --data iris"
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let model = try modelOptions.load()
        let data = try dataOptions.labelledData()
        let x = try model.prepared(data.features, source: "'\(data.name)'")
        let labels = try model.labels(of: data)
        guard model.loss != nil else {
            throw CommandFailure("the model in '\(modelOptions.model)' was saved without compile settings, so it has no loss to evaluate")
        }
        printResults(try model.evaluate(x, model.targets(labels)))
        let task = OutputKind(model: model)
        if task.isClassification {
            print(try classificationReport(model: model, task: task, output: try model.predict(x), labels: labels))
        }
    }
}
