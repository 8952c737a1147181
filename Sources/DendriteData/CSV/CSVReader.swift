import DendriteCore
import Foundation

/// Reading and writing data sets as CSV text (RFC 4180).
public enum CSV {
    /// Bytes read from the file at a time.
    static let chunkSize = 1 << 20
    /// How messages about missing values name the choice; a program with its own option for it
    /// (`dendrite --missing-values`) puts its name in their place.
    package static let missingValuesHint = "pass missingValues: .mean, .zero or .dropRow to fill or skip it"
    package static let dropRowHint = "only missingValues: .dropRow skips such rows"

    /// Loads a CSV file with a header line into a ``Dataset``: the column named `target` becomes the
    /// labels, every other column a numeric feature.
    ///
    /// ```swift
    /// let data = try CSV.read(URL(fileURLWithPath: "iris.csv"), target: "species")
    /// data.features.shape   // [150, 4]
    /// data.classNames       // ["setosa", "versicolor", "virginica"]
    /// ```
    ///
    /// - A numeric target gives `labels` as read (regression or integer classes). A target with a cell
    ///   that is not a number is a class column: class names sorted, ids `0..<k` in that order, kept in
    ///   `classNames` (at most 65,536 classes).
    /// - Fields may be quoted (`"a, b"`, `""` for a quote, line breaks inside quotes); lines end with
    ///   LF, CRLF or CR; blank lines are skipped; spaces around numbers are ignored.
    /// - Missing feature values (empty, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`) are handled as
    ///   `missingValues` says (default: an error). A missing target is an error unless `.dropRow`.
    /// - The file is read 1 MiB at a time and numbers go straight into one `[Float]`, so memory peaks
    ///   at about twice the size of the numbers (that array and the tensor made from it).
    ///
    /// - Parameters:
    ///   - url: the file. - target: the header name of the target column.
    ///   - missingValues: `.error` (default), `.mean`, `.zero` or `.dropRow`.
    ///   - delimiter: an ASCII character other than a quote or a line break (default `,`).
    /// - Returns: features `[rows, columns − 1]` with their header names, labels `[rows]`; the
    ///   data set's name is the file name without extension.
    /// - Throws: ``DendriteError`` (`.invalidFile` for a file that cannot be read, `.invalidData` for
    ///   its contents) saying what is wrong and where: row (1 = first data row), line and column.
    public static func read(_ url: URL, target: String, missingValues: MissingValues = .error,
                            delimiter: Character = ",") throws -> Dataset {
        try read(url, target: target, targetRequired: true, missingValues: missingValues, delimiter: delimiter)
    }

    /// The features of a CSV file whose target column may be absent, e.g. new samples to predict:
    /// every column but `target` (when the file has one of that name) as a numeric feature, read as
    /// ``read(_:target:missingValues:delimiter:)`` reads them. Without `target`, every column is a feature.
    ///
    /// - Returns: features `[rows, features]` and their header names.
    public static func readFeatures(_ url: URL, excluding target: String? = nil, missingValues: MissingValues = .error,
                                    delimiter: Character = ",") throws -> (features: Tensor, featureNames: [String]) {
        let data = try read(url, target: target ?? "", targetRequired: false, missingValues: missingValues, delimiter: delimiter)
        return (data.features, data.featureNames)
    }

    static func read(_ url: URL, target: String, targetRequired: Bool, missingValues: MissingValues,
                     delimiter: Character) throws -> Dataset {
        guard let delimiterByte = delimiter.asciiValue, delimiter != "\"", !delimiter.isNewline else {
            throw DendriteError.argument("CSV.read: the delimiter must be an ASCII character other than a quote or a line break, got '\(delimiter)'")
        }
        let path = url.path
        if let problem = InputFile.problem(at: path) { throw DendriteError(.invalidFile, "CSV file '\(path)' \(problem)") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw DendriteError(.invalidFile, "CSV file '\(path)' cannot be opened (\(String(cString: strerror(errno)).lowercased()))")
        }
        defer { close(descriptor) }
        var status = stat()
        let fileSize = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        try ResourceLimits.current.requireFile(bytes: fileSize, "CSV file '\(path)'")

        var tokenizer = CSVTokenizer(delimiter: delimiterByte)
        let builder = CSVTableBuilder(file: path, targetName: target, targetRequired: targetRequired,
                                      missingValues: missingValues)
        // One chunk buffer for the whole file, with room for the 0 byte the tokenizer wants after the bytes.
        var chunk = [UInt8](repeating: 0, count: chunkSize + 1)
        var bytesRead = 0
        do {
            while true {
                let count = try chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    let count = Glibc.read(descriptor, buffer.baseAddress, chunkSize)
                    guard count >= 0 else {
                        throw DendriteError(.invalidFile, "CSV file '\(path)' cannot be read (\(String(cString: strerror(errno)).lowercased()))")
                    }
                    buffer[count] = 0
                    try tokenizer.consume(UnsafeBufferPointer(rebasing: buffer[..<count]), into: builder)
                    return count
                }
                if count == 0 { break }
                if bytesRead == 0, builder.rowsRead > 0, fileSize > count {
                    let rowsPerByte = Double(builder.rowsRead) / Double(count)
                    builder.reserve(rows: Int(Double(fileSize) * rowsPerByte * 1.05) + 16)
                }
                bytesRead += count
            }
            try tokenizer.finish(into: builder)
        } catch let failure as CSVTokenizer.Failure {
            switch failure {
            case .characterAfterClosingQuote(let byte, let line):
                throw DendriteError.data("\(builder.location(line: line)): unexpected \(QuotedText.quoted(bytes: [byte])) after a closing quote; expected the delimiter or a line break (write a quote inside a quoted field as \"\")")
            case .unclosedQuote(let line):
                throw DendriteError.data("\(builder.location(line: line)): a quoted field is not closed before the end of the file")
            }
        }
        return try builder.dataset(name: url.deletingPathExtension().lastPathComponent)
    }
}
