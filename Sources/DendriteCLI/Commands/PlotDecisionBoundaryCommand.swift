import ArgumentParser
import Dendrite
import DendritePlot
import Foundation

/// `dendrite plot decision-boundary`: a two-feature classifier's regions with the data over them.
struct PlotDecisionBoundaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision-boundary",
        abstract: "The decision regions of a saved classifier on data with two features.",
        discussion: """
            The axes are in the units the model was trained on (after its saved scaling).
            Example: dendrite plot decision-boundary --model moons-model --data moons.csv --target label --output regions.svg
            """
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions

    @Option(parsing: .unconditional, help: "Grid cells along each axis (2 to 2000).")
    var resolution = 100

    @OptionGroup var outputOptions: PlotOutputOptions
    @OptionGroup var limits: ResourceOptions

    func validate() throws {
        let allowed = Plot.decisionBoundaryResolutions
        guard allowed.contains(resolution) else {
            throw ValidationError("--resolution must be in \(allowed.lowerBound)…\(allowed.upperBound), got \(resolution)")
        }
    }

    func run() throws {
        limits.apply()
        let model = try modelOptions.load()
        let data = try dataOptions.labelledData()
        guard data.features.shape.dropFirst() == [2] else {
            throw CommandFailure("a decision boundary needs data with 2 features; '\(data.name)' has \(data.features.shape.dropFirst().reduce(1, *))")
        }
        let task = OutputKind(model: model)
        guard task.isClassification else { throw CommandFailure("the model in '\(modelOptions.model)' is not a classifier") }
        let x = try model.prepared(data.features, source: "'\(data.name)'")[0]
        let scaled = model.preprocessing == nil ? "" : " (scaled)"
        try outputOptions.write(Plot.decisionBoundary(
            model: model, features: x, labels: try model.labels(of: data), resolution: resolution,
            classNames: model.displayedClassNames(count: task.classCount),
            featureNames: data.featureNames.count == 2 ? data.featureNames.map { $0 + scaled } : nil))
    }
}
