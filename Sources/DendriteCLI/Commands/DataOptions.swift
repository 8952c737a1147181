import ArgumentParser
import Dendrite
import Foundation

/// The data sets shipped with the library, by their command-line names.
enum BuiltInDataSet: String, CaseIterable {
    case breastCancer = "breast-cancer"
    case iris
    case wine
    case digits
    case diabetes

    func load() -> Dataset {
        switch self {
        case .breastCancer: Datasets.breastCancer()
        case .iris: Datasets.iris()
        case .wine: Datasets.wine()
        case .digits: Datasets.digits()
        case .diabetes: Datasets.diabetes()
        }
    }

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What to do with a missing value in a CSV feature column.
enum MissingValuesOption: String, CaseIterable, ExpressibleByArgument {
    case error, mean, zero
    case dropRow = "drop-row"

    var missingValues: MissingValues {
        switch self {
        case .error: .error
        case .mean: .mean
        case .zero: .zero
        case .dropRow: .dropRow
        }
    }
}

/// `--data`, `--target` and `--missing-values`, shared by every command that reads data.
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A built-in data set (\(BuiltInDataSet.names)), a CSV file with a header line, or a folder of .txt files with one sub-folder per class.",
                               valueName: "name|file.csv|folder"))
    var data: String

    @Option(help: ArgumentHelp("The CSV column that holds raw text, to be vectorized (as a folder of .txt files is).", valueName: "name"))
    var textColumn: String?

    @Option(help: "The target column of a CSV file (built-in data sets know theirs).")
    var target: String?

    @Option(help: "Missing values in CSV feature columns: error, mean, zero or drop-row.")
    var missingValues: MissingValuesOption = .error

    /// The data set with its labels: a built-in one, or a CSV file read with `--target`.
    func labelledData() throws -> Dataset {
        if let builtIn = BuiltInDataSet(rawValue: data) { return builtIn.load() }
        let url = try csvURL()
        guard let target else {
            throw CommandFailure("--target is required with a CSV file: name the column that holds the labels")
        }
        return try readingCSV { try CSV.read(url, target: target, missingValues: missingValues.missingValues) }
    }

    /// Features only, for prediction: a built-in data set's features, or every CSV column except
    /// `--target` (which the file may lack).
    func features() throws -> (features: Tensor, featureNames: [String]) {
        if let builtIn = BuiltInDataSet(rawValue: data) {
            let set = builtIn.load()
            return (set.features, set.featureNames)
        }
        let url = try csvURL()
        return try readingCSV { try CSV.readFeatures(url, excluding: target, missingValues: missingValues.missingValues) }
    }

    private func csvURL() throws -> URL {
        switch InputFile.problem(at: data) {
        case nil: return URL(fileURLWithPath: data)
        case "does not exist"?:
            throw CommandFailure("--data \(QuotedText.quoted(data)) is neither a built-in data set (\(BuiltInDataSet.names)) nor a CSV file")
        case let problem?:
            throw CommandFailure("--data \(QuotedText.quoted(data)) is not a built-in data set, and the path \(problem)")
        }
    }

    /// Reads a CSV file, naming this command's options where the library names its parameters.
    private func readingCSV<T>(_ read: () throws -> T) throws -> T {
        do { return try read() } catch let error as DendriteError {
            let message = error.message
                .replacingOccurrences(of: CSV.missingValuesHint, with: "pass --missing-values mean, zero or drop-row to fill or skip it")
                .replacingOccurrences(of: CSV.dropRowHint, with: "only --missing-values drop-row skips such rows")
            throw CommandFailure(message)
        }
    }
}
