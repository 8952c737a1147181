import ArgumentParser
import Dendrite
import Foundation

/// `dendrite predict`: a saved model's outputs for every row of a data set.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a saved model: probabilities and classes, or values.",
        discussion: """
            The CSV file's columns are the features; a column named by --target is left out if the file has it. \
            Output columns: classifiers give probability (one output) or probability_<class> (several) and class \
            (the class name when the model has names); regression models give prediction.
            Example: dendrite predict --model iris-model --data new-flowers.csv --output predictions.csv
            """
    )

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var limits: ResourceOptions

    @Option(help: ArgumentHelp("Write the predictions to this CSV file instead of standard output.", valueName: "file.csv"))
    var output: String?

    func validate() throws {
        // An empty path would name the working directory.
        if output?.isEmpty == true { throw ValidationError("--output is empty; name the file to write") }
    }

    func run() throws {
        limits.apply()
        let model = try modelOptions.load()
        let (features, _) = try dataOptions.features()
        let csvWithoutTarget = BuiltInDataSet(rawValue: dataOptions.data) == nil && dataOptions.target == nil
        let outputs = try model.predict(try model.prepared(features, source: "'\(dataOptions.data)'",
                                                           hint: csvWithoutTarget ? "; leave a target column out with --target NAME" : ""))[0]
        let rows = features.shape[0], width = outputs.count / max(rows, 1)
        let values = outputs.scalars
        let task = OutputKind(model: model)
        var header: [String]
        if task.isClassification {
            let names = model.displayedClassNames(count: task.classCount)
            header = width == 1 ? ["probability"] : names.prefix(width).map { "probability_\($0)" }
            header.append("class")
        } else {
            header = width == 1 ? ["prediction"] : (0..<width).map { "prediction_\($0)" }
        }
        var text = header.map(field).joined(separator: ",") + "\n"
        let classes = task.isClassification ? task.predictedClasses(outputs) : []
        let names = model.displayedClassNames(count: task.classCount)
        for row in 0..<rows {
            var cells = values[(row * width)..<((row + 1) * width)].map { "\($0)" }
            if task.isClassification { cells.append(field(names.indices.contains(classes[row]) ? names[classes[row]] : "\(classes[row])")) }
            text += cells.joined(separator: ",") + "\n"
        }
        guard let output else {
            print(text, terminator: "")
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            throw CommandFailure("cannot write '\(output)': \(FileErrorText.describe(error))")
        }
        print("Wrote \(rows) predictions to \(output)")
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    private func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
