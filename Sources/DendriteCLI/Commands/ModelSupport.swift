import ArgumentParser
import Dendrite
import Foundation

/// `--model DIR`, shared by the commands that use a saved model.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A model directory written by 'dendrite train --output', a Keras 3 .keras archive or a Keras 2 .h5 file.",
                               valueName: "path"))
    var model: String

    init() {}

    init(model: String) { self.model = model }

    /// The saved model, with as many class names as it has classes (a hand-edited `config.json`
    /// with fewer would label the outputs wrongly or not at all).
    func load() throws -> Model {
        let loaded = try Model.load(from: URL(fileURLWithPath: model))
        let task = OutputKind(model: loaded)
        if let names = loaded.classNames, task.isClassification, names.count != task.classCount {
            throw CommandFailure("\(URL(fileURLWithPath: model).appendingPathComponent("config.json").path): "
                                 + "class_names has \(names.count) name\(names.count == 1 ? "" : "s"), but the model's output "
                                 + "gives \(task.classCount) classes")
        }
        return loaded
    }
}

/// What a model's outputs mean, read from its loss.
enum OutputKind: Equatable {
    case binary
    case classes(Int)
    case regression

    init(model: Model) {
        let width = model.outputShapes?.first?.last ?? 1
        switch model.loss?.targetKind {
        case .probabilities?: self = .binary
        case .classIndices?, .distributions?: self = width == 1 ? .binary : .classes(width)
        default: self = .regression
        }
    }

    var isClassification: Bool { self != .regression }

    var classCount: Int {
        switch self {
        case .binary: 2
        case .classes(let count): count
        case .regression: 0
        }
    }

    /// The class of each output row: `> 0.5` for one output, the argmax for several.
    func predictedClasses(_ output: Tensor) -> [Int] {
        let rows = output.shape.first ?? 0
        let width = rows > 0 ? output.count / rows : 1
        if width > 1 { return output.argmax(alongAxis: 1).scalars.map { Int($0) } }
        return output.scalars.map { $0 > 0.5 ? 1 : 0 }
    }
}

extension Model {
    /// `features` checked against the model's input width and scaled with its saved preprocessing.
    /// `hint` ends the message when the widths differ.
    func prepared(_ features: Tensor, source: String, hint: String = "") throws -> [Tensor] {
        let width = features.shape.dropFirst().reduce(1, *)
        let shapes = inputShapes ?? [[width]]
        let widths = shapes.map { $0.reduce(1, *) }
        guard widths.reduce(0, +) == width else {
            let expected = widths.count == 1 ? "\(widths[0]) features" : "\(widths.reduce(0, +)) features (\(widths.map(String.init).joined(separator: " + ")) for its \(widths.count) inputs)"
            throw CommandFailure("the model takes \(expected), but \(source) has \(width)" + hint)
        }
        let scaled: Tensor
        do { scaled = try preprocessing?.transform(features) ?? features } catch let error as DendriteError {
            throw CommandFailure("\(source), scaled with the model's saved preprocessing: \(error.message)")
        }
        // Each row is one sample, flattened row-major (channels last), the inputs side by side in order.
        let rows = features.shape[0]
        var start = 0
        return zip(shapes, widths).map { shape, count in
            defer { start += count }
            let columns = widths.count == 1 ? scaled : scaled.gathering(Array(start..<(start + count)), alongAxis: 1)
            return columns.reshaped([rows] + shape)
        }
    }

    /// The data's labels as the model's class ids: CSV class names are matched to the names the
    /// model was trained with, whatever ids the file's own sorting gave them.
    func labels(of data: Dataset) throws -> Tensor {
        guard !data.classNames.isEmpty else { return data.labels }
        guard let known = classNames else {
            throw CommandFailure("the target of '\(data.name)' holds class names, but the model was trained on numeric labels")
        }
        let ids = try data.classNames.map { name in
            guard let id = known.firstIndex(of: name) else {
                throw CommandFailure("class \(QuotedText.quoted(name)) in '\(data.name)' is not one the model knows "
                                     + "(\(known.map(QuotedText.shown).joined(separator: ", ")))")
            }
            return Float(id)
        }
        return Tensor(shape: data.labels.shape, scalars: data.labels.scalars.map { ids[Int($0)] })
    }

    /// Targets shaped for the model's loss: one-hot rows for losses on distributions (categorical
    /// cross-entropy), ids otherwise. `source` names the data in the message for a label that is
    /// not a class id.
    func targets(_ labels: Tensor, source: String) throws -> Tensor {
        guard loss?.targetKind == .distributions, let width = outputShapes?.first?.last, width > 1 else { return labels }
        var values = [Float](repeating: 0, count: labels.count * width)
        for (row, id) in try classIds(labels, classCount: width, source: source).enumerated() { values[row * width + id] = 1 }
        return Tensor(shape: [labels.count, width], scalars: values)
    }

    /// The class names to show: the model's own, or the class numbers.
    func displayedClassNames(count: Int) -> [String] {
        if let classNames, classNames.count == count { return classNames }
        return (0..<count).map(String.init)
    }
}

/// `labels` as class ids, each a whole number in `0..<classCount`. A fractional, negative or huge
/// label is refused naming its row, rather than truncated into some class.
func classIds(_ labels: Tensor, classCount: Int, source: String) throws -> [Int] {
    try labels.scalars.enumerated().map { row, label in
        guard let id = Int(exactly: label), (0..<classCount).contains(id) else {
            throw CommandFailure("the target of \(source), row \(row + 1): \(label) is not a class id of the model "
                                 + "(a whole number from 0 to \(classCount - 1))")
        }
        return id
    }
}

/// Prints loss and metrics as `name: value` lines, loss first.
func printResults(_ results: [String: Float], prefix: String = "") {
    let keys = results.keys.sorted { ($0 == "loss" ? "" : $0) < ($1 == "loss" ? "" : $1) }
    for key in keys { print("\(prefix)\(key): \(String(format: "%.4f", results[key] ?? .nan))") }
}

/// Evaluates a classification model's predictions per class, scikit-learn's way.
func classificationReport(model: Model, task: OutputKind, output: Tensor, labels: Tensor, source: String) throws -> ClassificationReport {
    try ClassificationReport(predictions: task.predictedClasses(output),
                             targets: classIds(labels, classCount: task.classCount, source: source),
                             classCount: task.classCount, classNames: model.displayedClassNames(count: task.classCount))
}
