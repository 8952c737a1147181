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
    @OptionGroup var limits: ResourceOptions

    func run() throws {
        limits.apply()
        let model = try modelOptions.load()
        let data = try dataOptions.labelledData()
        let x = try model.prepared(data.features, source: "'\(data.name)'")
        let labels = try model.labels(of: data)
        guard model.loss != nil else {
            throw CommandFailure("the model in '\(modelOptions.model)' was saved without compile settings, so it has no loss to evaluate")
        }
        let source = "'\(data.name)'"
        let task = OutputKind(model: model)
        // Checked before the loss, which would take 0.5 as a soft label and count it as class 0.
        if task.isClassification { _ = try classIds(labels, classCount: task.classCount, source: source) }
        printResults(try model.evaluate(x, [model.targets(labels, source: source)]))
        if task.isClassification {
            print(try classificationReport(model: model, task: task, output: try model.predict(x)[0], labels: labels, source: source))
        }
    }
}
