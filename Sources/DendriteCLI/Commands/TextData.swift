import Dendrite
import Foundation

/// Raw texts with their classes, from a folder of `.txt` files (one sub-folder per class) or a CSV
/// file's `--text-column` and `--target`.
struct LabelledTexts {
    let name: String
    let texts: [String]
    /// A class id per text, `0..<classNames.count`.
    let labels: [Int]
    let classNames: [String]
    /// Where each text comes from, for messages: a file path or `file.csv, row N`.
    let origins: [String]
}

extension DataOptions {
    /// Whether `--data` is text: a folder, or a CSV file read with `--text-column`.
    var isText: Bool {
        var isDirectory: ObjCBool = false
        return textColumn != nil || (FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    /// The texts and their classes. Every text must have a token, so an empty file or cell is refused.
    func labelledTexts() throws -> LabelledTexts {
        let url = URL(fileURLWithPath: data)
        let name = url.deletingPathExtension().lastPathComponent
        if let textColumn {
            guard let target else { throw CommandFailure("--target is required with --text-column: name the column that holds the classes") }
            let columns = try reading { try CSV.readTextColumns(url, text: textColumn, label: target) }
            let labelStrings = columns.labels ?? []
            let classNames = Array(Set(labelStrings)).sorted()
            let ids = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
            let texts = LabelledTexts(name: name, texts: columns.texts, labels: labelStrings.compactMap { ids[$0] },
                                      classNames: classNames, origins: columns.texts.indices.map { "'\(data)', row \($0 + 1)" })
            try requireTokens(texts.texts, origins: texts.origins)
            return texts
        }
        let folder = try reading { try textDatasetFromDirectory(url, labelMode: .int, batchSize: nil, shuffle: false) }
        let labels = folder.labels?.scalars.map { Int($0) } ?? []
        let texts = LabelledTexts(name: name, texts: folder.texts, labels: labels, classNames: folder.classNames,
                                  origins: folder.files.map(\.path))
        guard !texts.texts.isEmpty else {
            throw CommandFailure("--data '\(data)' holds no .txt files; put them in one sub-folder per class")
        }
        try requireTokens(texts.texts, origins: texts.origins)
        return texts
    }

    /// Texts to predict, with where each comes from: every `.txt` file of a folder (sub-folders
    /// included), or a CSV file's `--text-column`.
    func unlabelledTexts() throws -> (texts: [String], origins: [String]) {
        let url = URL(fileURLWithPath: data)
        if let textColumn {
            let columns = try reading { try CSV.readTextColumns(url, text: textColumn) }
            return (columns.texts, columns.texts.indices.map { "row \($0 + 1)" })
        }
        let folder = try reading { try textDatasetFromDirectory(url, labels: nil, labelMode: nil, batchSize: nil, shuffle: false) }
        guard !folder.texts.isEmpty else { throw CommandFailure("--data '\(data)' holds no .txt files") }
        return (folder.texts, folder.files.map(\.path))
    }

    /// Refuses a text with nothing in it but white space: it would train on padding alone.
    private func requireTokens(_ texts: [String], origins: [String]) throws {
        if let empty = texts.indices.first(where: { texts[$0].allSatisfy(\.isWhitespace) }) {
            throw CommandFailure("\(origins[empty]) is empty; every text needs at least one word (remove it or give it text)")
        }
    }

    private func reading<T>(_ read: () throws -> T) throws -> T {
        do { return try read() } catch let error as DendriteError { throw CommandFailure(error.message) }
    }
}
