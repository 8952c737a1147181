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
            A model trained on text takes raw text: a folder of .txt files (sub-folders included) or --text-column of \
            a CSV file; the output then starts with a source column (the file, or the CSV row).
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
        var sources: [String]?
        let outputs: Tensor
        if dataOptions.isText {
            guard model.textVectorization != nil else {
                throw CommandFailure("the model '\(modelOptions.model)' was not trained on text (it has no saved text vectorization); give it numeric features")
            }
            let (texts, origins) = try dataOptions.unlabelledTexts()
            outputs = try model.predict(texts: texts)
            sources = origins
        } else {
            if model.textVectorization != nil {
                throw CommandFailure("the model '\(modelOptions.model)' takes raw text: pass a folder of .txt files, or a CSV file with --text-column NAME")
            }
            let (features, _) = try dataOptions.features()
            let csvWithoutTarget = BuiltInDataSet(rawValue: dataOptions.data) == nil && dataOptions.target == nil
            outputs = try model.predict(try model.prepared(features, source: "'\(dataOptions.data)'",
                                                           hint: csvWithoutTarget ? "; leave a target column out with --target NAME" : ""))[0]
        }
        let rows = outputs.shape[0], width = outputs.count / max(rows, 1)
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
        if sources != nil { header.insert("source", at: 0) }
        var text = header.map(field).joined(separator: ",") + "\n"
        let classes = task.isClassification ? task.predictedClasses(outputs) : []
        let names = model.displayedClassNames(count: task.classCount)
        for row in 0..<rows {
            var cells = values[(row * width)..<((row + 1) * width)].map { "\($0)" }
            if task.isClassification { cells.append(field(names.indices.contains(classes[row]) ? names[classes[row]] : "\(classes[row])")) }
            if let sources { cells.insert(field(sources[row]), at: 0) }
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
