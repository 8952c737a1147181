import DendriteCore
import Foundation

extension Dataset {
    /// Writes the data set as CSV that ``CSV/read(_:target:missingValues:delimiter:)`` reads back:
    /// a header of the feature names (`feature_0`, `feature_1`, … when they are not known) and
    /// `targetName`, then one row per sample.
    ///
    /// Features of any rank are written flattened per sample. Numbers use Swift's shortest
    /// round-trip form, so every `Float` reads back exactly. Labels are written as class names when
    /// `classNames` has one for the id, else as numbers. Fields holding the delimiter, a quote or a
    /// line break are quoted.
    ///
    /// - Throws: ``DendriteError``: labels that are not one value per sample (`[n]` or `[n, 1]`), or
    ///   a file that cannot be written (`.invalidFile`, naming the path).
    public func writeCSV(to url: URL, targetName: String = "target", delimiter: Character = ",") throws {
        guard labels.count == count, labels.shape.first == count else {
            throw DendriteError.shape("writeCSV: labels of shape \(labels.shape) are not one value per sample; expected [\(count)] or [\(count), 1]")
        }
        let width = count > 0 ? features.count / count : Array(features.shape.dropFirst()).reduce(1, *)
        let names = featureNames.count == width ? featureNames : (0..<width).map { "feature_\($0)" }
        let separator = String(delimiter)
        func field(_ text: String) -> String {
            text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw DendriteError(.invalidFile, "writeCSV: cannot create '\(url.path)'")
        }
        defer { try? handle.close() }
        var text = (names + [targetName]).map(field).joined(separator: separator) + "\n"
        func flush() throws {
            do { try handle.write(contentsOf: Data(text.utf8)) } catch {
                throw DendriteError(.invalidFile, "writeCSV: cannot write '\(url.path)': \(FileErrorText.describe(error))")
            }
            text = ""
        }
        let values = features.scalars, targets = labels.scalars
        for row in 0..<count {
            for value in values[(row * width)..<((row + 1) * width)] { text += "\(value)" + separator }
            let id = Int(exactly: targets[row]) ?? -1
            text += (classNames.indices.contains(id) ? field(classNames[id]) : "\(targets[row])") + "\n"
            if text.utf8.count >= CSV.chunkSize { try flush() }
        }
        try flush()
    }
}
