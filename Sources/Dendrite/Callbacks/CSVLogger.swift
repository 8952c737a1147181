import Foundation

/// Writes one row per epoch to a CSV file (Keras' `CSVLogger`): a header `epoch,<keys>` with the
/// first epoch's log keys sorted, then `epoch,<values>` after every epoch (`NA` for a key an
/// epoch lacks). Rows are written as they come, so a crashed run keeps its finished epochs.
///
/// ```swift
/// try model.fit(x, y, epochs: 20, callbacks: [CSVLogger("training.csv")])
/// ```
///
/// Defaults (Keras): separator `,`, `append` false (the file is replaced). With `append` the rows
/// go after the file's contents, and the header is written only if the file is empty.
/// `onTrainBegin` throws ``DendriteError`` (`.invalidFile`, naming the path) if the file cannot be
/// opened for writing, and `onEpochEnd` if a row cannot be written.
public final class CSVLogger: Callback {
    public let filename: String
    public let separator: String
    public let append: Bool
    private var file: FileHandle?
    private var keys: [String]?
    private var needsHeader = true

    public init(_ filename: String, separator: String = ",", append: Bool = false) {
        self.filename = filename
        self.separator = separator
        self.append = append
    }

    deinit { try? file?.close() }

    public func onTrainBegin(model: Model) throws {
        try? file?.close()
        keys = nil
        if !(append && FileManager.default.fileExists(atPath: filename)) {
            guard FileManager.default.createFile(atPath: filename, contents: nil) else { throw failure("the file cannot be created") }
        }
        guard let handle = FileHandle(forWritingAtPath: filename) else { throw failure("the file cannot be opened for writing") }
        file = handle
        do { needsHeader = try handle.seekToEnd() == 0 } catch { throw failure(FileErrorText.describe(error)) }
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws {
        guard let file else { throw failure("onEpochEnd came before onTrainBegin") }
        let keys = self.keys ?? logs.keys.sorted()
        self.keys = keys
        var text = ""
        if needsHeader {
            text += line(["epoch"] + keys)
            needsHeader = false
        }
        text += line(["\(epoch)"] + keys.map { logs[$0].map { "\($0)" } ?? "NA" })
        do { try file.write(contentsOf: Data(text.utf8)) } catch { throw failure(FileErrorText.describe(error)) }
    }

    public func onTrainEnd(model: Model) throws {
        try? file?.close()
        file = nil
    }

    /// One CSV line; a field holding the separator, a quote or a newline is quoted.
    private func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(separator) || field.contains("\"") || field.contains("\n")
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: separator) + "\n"
    }

    private func failure(_ reason: String) -> DendriteError {
        DendriteError(.invalidFile, "CSVLogger: cannot write '\(filename)': \(reason)")
    }
}
