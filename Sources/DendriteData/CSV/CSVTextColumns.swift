import DendriteCore
import Foundation

extension CSV {
    /// The texts of one column of a CSV file with a header line, and the labels of another, as
    /// strings: for text classification (`dendrite train --text-column`), where ``read(_:target:missingValues:delimiter:)``
    /// would want numbers.
    ///
    /// ```swift
    /// let (texts, labels) = try CSV.readTextColumns(URL(fileURLWithPath: "reviews.csv"), text: "review", label: "sentiment")
    /// ```
    /// Fields are split as ``read(_:target:missingValues:delimiter:)`` splits them (quotes, line breaks
    /// inside quotes, LF/CRLF/CR); every text and label must be UTF-8.
    /// - Returns: one text per data row, and one label per row when `label` is given.
    /// - Throws: ``DendriteError`` for a file that cannot be read or is too large, no header, a missing
    ///   column (naming the header's columns), a row with another number of fields, bytes that are not
    ///   UTF-8 (line and column), or an unclosed quote.
    public static func readTextColumns(_ url: URL, text: String, label: String? = nil,
                                       delimiter: Character = ",") throws -> (texts: [String], labels: [String]?) {
        guard let delimiterByte = delimiter.asciiValue, delimiter != "\"", !delimiter.isNewline else {
            throw DendriteError.argument("CSV.readTextColumns: the delimiter must be an ASCII character other than a quote or a line break, got '\(delimiter)'")
        }
        let path = url.path
        var bytes = try InputFile.read(url) { DendriteError(.invalidFile, "CSV file '\(path)' \($0)") }
        let collector = TextColumnCollector(file: path)
        var tokenizer = CSVTokenizer(delimiter: delimiterByte)
        bytes.append(0)
        do {
            try bytes.withUnsafeBufferPointer { buffer in
                try tokenizer.consume(UnsafeBufferPointer(rebasing: buffer[..<(buffer.count - 1)]), into: collector)
            }
            try tokenizer.finish(into: collector)
        } catch let failure as CSVTokenizer.Failure {
            switch failure {
            case .characterAfterClosingQuote(_, let line):
                throw DendriteError.data("CSV file '\(path)', line \(line): unexpected character after a closing quote")
            case .unclosedQuote(let line):
                throw DendriteError.data("CSV file '\(path)', line \(line): a quoted field is not closed before the end of the file")
            }
        }
        guard let header = collector.rows.first else { throw DendriteError.data("CSV file '\(path)' is empty: it has no header line") }
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw DendriteError.data("CSV file '\(path)' has no column \(QuotedText.quoted(name)); its columns are \(header.map(QuotedText.quoted).joined(separator: ", "))")
            }
            return index
        }
        let textColumn = try column(text), labelColumn = try label.map(column)
        let rows = collector.rows.dropFirst()
        return (rows.map { $0[textColumn] }, labelColumn.map { index in rows.map { $0[index] } })
    }
}

/// Collects every field of a CSV file as a string, checking UTF-8 and the field count per row.
private final class TextColumnCollector: CSVRecordSink {
    let file: String
    var rows: [[String]] = []
    private var current: [String] = []

    init(file: String) { self.file = file }

    func field(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int) throws {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DendriteError.data("CSV file '\(file)', line \(line), column \(current.count + 1): the field is not valid UTF-8; save the file as UTF-8")
        }
        current.append(text)
    }

    func endRecord(line: Int) throws {
        if let header = rows.first, current.count != header.count {
            throw DendriteError.data("CSV file '\(file)', line \(line): \(current.count) fields, but the header has \(header.count)")
        }
        rows.append(current)
        current = []
    }
}
