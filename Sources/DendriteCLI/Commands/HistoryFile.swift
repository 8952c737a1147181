import Dendrite
import Foundation

/// A training history on disk, as `dendrite train` writes it beside the model:
/// `history.json` — `{"epoch": [0, 1, …], "loss": […], "val_loss": […], …}` (non-finite values as
/// the strings `"NaN"`, `"Infinity"`, `"-Infinity"`) — and `history.csv` — Keras' `CSVLogger`
/// layout, a header `epoch,<keys sorted>` then one row per epoch.
enum HistoryFile {
    static func write(_ history: History, toDirectory directory: URL) throws {
        var table: [String: [Float]] = history.values
        table["epoch"] = history.epochs.map(Float.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let keys = history.values.keys.sorted()
        var csv = (["epoch"] + keys).joined(separator: ",") + "\n"
        for (row, epoch) in history.epochs.enumerated() {
            csv += (["\(epoch)"] + keys.map { key in history[key].map { "\($0[row])" } ?? "NA" }).joined(separator: ",") + "\n"
        }
        for (name, contents) in [("history.json", try encoder.encode(table)), ("history.csv", Data(csv.utf8))] {
            let url = directory.appendingPathComponent(name)
            do { try contents.write(to: url, options: .atomic) } catch {
                throw CommandFailure("cannot write '\(url.path)': \(FileErrorText.describe(error))")
            }
        }
    }

    /// Reads a `history.json` or `history.csv` (by its extension).
    static func read(_ url: URL) throws -> History {
        let path = url.path
        let data = Data(try InputFile.read(url) { DendriteError(.invalidFile, "--history '\(path)' \($0)") })
        var table: [String: [Float]]
        switch url.pathExtension.lowercased() {
        case "json":
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
                throw CommandFailure("--history '\(path)': \(JSONProblem.describe(data))")
            }
            guard let decoded = try? decoder.decode([String: [Float]].self, from: data) else {
                throw CommandFailure("--history '\(path)': expected a JSON object of number lists, e.g. {\"epoch\": [0, 1], \"loss\": [0.7, 0.5]}")
            }
            table = decoded
        case "csv":
            table = try csvTable(String(decoding: data, as: UTF8.self), path: path)
        default:
            throw CommandFailure("--history '\(path)': expected a .json or .csv file written by 'dendrite train'")
        }
        // Columns in name order, so that the same file always gets the same message.
        let columns = table.sorted { $0.key < $1.key }
        let reference = columns.first { $0.key == "epoch" } ?? columns.first
        if let reference, let uneven = columns.first(where: { $0.value.count != reference.value.count }) {
            throw CommandFailure("--history '\(path)': \(QuotedText.quoted(uneven.key)) has \(uneven.value.count) value\(uneven.value.count == 1 ? "" : "s"), "
                                 + "but \(QuotedText.quoted(reference.key)) has \(reference.value.count); every column needs one value per epoch")
        }
        let count = reference?.value.count ?? 0
        let epochs = try table.removeValue(forKey: "epoch")?.enumerated().map { index, value in
            guard let epoch = Int(exactly: value), epoch >= 0 else {
                throw CommandFailure("--history '\(path)': epoch \(value) (entry \(index + 1)) is not a whole number ≥ 0")
            }
            return epoch
        } ?? Array(0..<count)
        guard !epochs.isEmpty else { throw CommandFailure("--history '\(path)': no epochs recorded") }
        do { return try History(epochs: epochs, values: table) } catch let error as DendriteError {
            throw CommandFailure("--history '\(path)': \(error.message)")
        }
    }

    private static func csvTable(_ text: String, path: String) throws -> [String: [Float]] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, !header.isEmpty else { throw CommandFailure("--history '\(path)': the file is empty") }
        guard Set(header).count == header.count else { throw CommandFailure("--history '\(path)': the header repeats a column name") }
        var table: [String: [Float]] = [:]
        for (index, row) in lines.dropFirst().enumerated() {
            guard row.count == header.count else {
                throw CommandFailure("--history '\(path)', line \(index + 2): \(row.count) fields, expected \(header.count) as in the header")
            }
            for (key, cell) in zip(header, row) {
                guard let value = cell == "NA" ? Float.nan : Float(cell) else {
                    throw CommandFailure("--history '\(path)', line \(index + 2), column \(QuotedText.quoted(key)): \(QuotedText.quoted(cell)) is not a number")
                }
                table[key, default: []].append(value)
            }
        }
        return table
    }
}
