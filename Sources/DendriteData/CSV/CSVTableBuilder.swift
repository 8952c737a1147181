import DendriteCore
import Foundation

/// Turns the records of a CSV file into a feature matrix and a target column as they stream past,
/// holding one row of cells at a time besides the numbers themselves.
///
/// The first record is the header. A target column is numeric unless one of its (kept) cells is not
/// a number; then it is a class column whose names get ids in sorted order (as ``LabelEncoder``).
final class CSVTableBuilder: CSVRecordSink {
    /// More distinct target values than this end the bookkeeping needed for class names, so a numeric
    /// regression target does not keep a dictionary entry per row.
    static let maximumClasses = 65_536
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Header names in messages: at most this many, then how many more.
    private static let listedColumns = 20
    private static let missingTokens: [[UInt8]] = ["NA", "N/A", "NaN", "nan", "null", "NULL"].map { Array($0.utf8) }

    let file: String
    let targetName: String
    /// When false, a file without the target column is read as features only (every label 0).
    let targetRequired: Bool
    let missingValues: MissingValues

    private(set) var header: [String] = []
    private var targetColumn = -1
    /// `targetColumn` when the file has no target column: past every column.
    private static let noTarget = Int.max
    /// Data rows read so far, kept or dropped.
    private(set) var rowsRead = 0
    private(set) var droppedRows = 0

    // The row being read.
    private var column = 0
    private var rowValues: [Float] = []
    private var dropRow = false
    private var rowTarget: Float = .nan
    private var rowTargetText = ""

    // Everything kept so far.
    private var features: [Float] = []
    private var targets: [Float] = []
    private var missingPositions: [Int] = []
    private var columnSums: [Double] = []
    private var columnCounts: [Int] = []
    private var classIds: [Int32] = []
    private var classIndex: [String: Int32] = [:]
    private var tracksClasses = true
    private var targetIsText = false

    /// The limits when reading started; the feature matrix may hold at most `maximumFeatures` numbers.
    private let limits = ResourceLimits.current
    private var maximumFeatures: Int { limits.maximumTensorBytes / MemoryLayout<Float>.size }

    init(file: String, targetName: String, targetRequired: Bool = true, missingValues: MissingValues) {
        self.file = file
        self.targetName = targetName
        self.targetRequired = targetRequired
        self.missingValues = missingValues
    }

    private var width: Int { targetColumn == Self.noTarget ? header.count : header.count - 1 }

    /// The header's names for a message, cut after ``listedColumns`` names.
    private var columnList: String {
        let shown = header.prefix(Self.listedColumns).map(QuotedText.shown).joined(separator: ", ")
        return header.count > Self.listedColumns ? shown + ", … (\(header.count) columns)" : shown
    }

    /// "CSV file '…', row r (line l)": where the record that started on `line` sits.
    func location(line: Int) -> String {
        targetColumn < 0 ? "CSV file '\(file)', header (line \(line))" : "CSV file '\(file)', row \(rowsRead + 1) (line \(line))"
    }

    /// Reserves room for about `rows` rows so the arrays do not grow by doubling (and briefly
    /// hold two copies) while a large file loads.
    func reserve(rows: Int) {
        // An estimate from the first chunk: never more than the feature matrix may hold.
        let (estimate, overflow) = rows.multipliedReportingOverflow(by: width)
        features.reserveCapacity(overflow ? maximumFeatures : min(estimate, maximumFeatures))
        targets.reserveCapacity(rows)
        if tracksClasses { classIds.reserveCapacity(rows) }
    }

    func field(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int) throws {
        defer { column += 1 }
        if targetColumn < 0 {
            // A byte-order mark (Excel writes one) is not part of the first name; bytes that are not
            // UTF-8 become \xHH, so that messages show them and names stay distinct.
            let name = header.isEmpty && bytes.starts(with: Self.byteOrderMark) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
            header.append(QuotedText.escapedInFull(bytes: name))
            return
        }
        guard column < header.count else { return }
        let text = Self.trimmed(bytes)
        if column == targetColumn {
            if Self.isMissing(text) {
                guard missingValues == .dropRow else {
                    throw DendriteError.data("\(location(line: line)), column \(QuotedText.quoted(header[column])): the target is missing; \(CSV.dropRowHint)")
                }
                dropRow = true
                return
            }
            if let value = number(text) {
                // 1e39 or inf would otherwise become a class name and turn a regression into classification.
                guard value.isFinite else {
                    throw DendriteError.data("\(location(line: line)), column \(QuotedText.quoted(header[column])): the target \(QuotedText.quoted(bytes: bytes)) is not a finite Float")
                }
                rowTarget = value
            } else {
                rowTarget = .nan
            }
            if rowTarget.isNaN || tracksClasses { rowTargetText = String(decoding: bytes, as: UTF8.self) }
            return
        }
        let position = column < targetColumn ? column : column - 1
        if Self.isMissing(text) {
            switch missingValues {
            case .error:
                let shown = text.isEmpty ? "an empty cell" : QuotedText.quoted(bytes: text)
                throw DendriteError.data("\(location(line: line)), column \(QuotedText.quoted(header[column])): missing value (\(shown)); \(CSV.missingValuesHint)")
            case .mean: rowValues[position] = .nan
            case .zero: rowValues[position] = 0
            case .dropRow: dropRow = true
            }
            return
        }
        guard let value = number(text) else {
            throw DendriteError.data("\(location(line: line)), column \(QuotedText.quoted(header[column])): \(QuotedText.quoted(bytes: bytes)) is not a number")
        }
        guard value.isFinite else {
            throw DendriteError.data("\(location(line: line)), column \(QuotedText.quoted(header[column])): \(QuotedText.quoted(bytes: bytes)) is not a finite Float")
        }
        rowValues[position] = value
    }

    func endRecord(line: Int) throws {
        defer {
            column = 0
            dropRow = false
            rowTarget = .nan
        }
        if targetColumn < 0 { return try readHeader(line: line) }
        guard column == header.count else {
            throw DendriteError.data("\(location(line: line)): \(column) fields, expected \(header.count) as in the header")
        }
        rowsRead += 1
        guard !dropRow else {
            droppedRows += 1
            return
        }
        if targetColumn == Self.noTarget {
            rowTarget = 0
        } else if rowTarget.isNaN {
            guard tracksClasses else {
                throw DendriteError.data("CSV file '\(file)', row \(rowsRead) (line \(line)), column \(QuotedText.quoted(targetName)): \(QuotedText.quoted(rowTargetText)) is not a number, but earlier rows hold more than \(Self.maximumClasses) distinct numbers; a class column may have at most \(Self.maximumClasses) classes")
            }
            if !targetIsText { targets = [] }
            targetIsText = true
        }
        if tracksClasses && targetColumn != Self.noTarget { try trackClass(line: line) }
        if missingValues == .mean {
            for (position, value) in rowValues.enumerated() {
                if value.isNaN {
                    missingPositions.append(features.count + position)
                } else {
                    columnSums[position] += Double(value)
                    columnCounts[position] += 1
                }
            }
        }
        features.append(contentsOf: rowValues)
        if !targetIsText { targets.append(rowTarget) }
        if features.count > maximumFeatures {
            _ = try limits.requireTensor([rowsRead - droppedRows, width], "CSV file '\(file)', row \(rowsRead) (line \(line))")
        }
    }

    private func readHeader(line: Int) throws {
        let matches = targetName.isEmpty ? [] : header.indices.filter { header[$0] == targetName }
        guard let target = matches.first ?? (targetRequired ? nil : Self.noTarget) else {
            throw DendriteError.data("CSV file '\(file)': no column named \(QuotedText.quoted(targetName)); the columns are: \(columnList)")
        }
        guard matches.count <= 1 else {
            throw DendriteError.data("CSV file '\(file)': \(matches.count) columns are named \(QuotedText.quoted(targetName)) (columns \(matches.map { "\($0 + 1)" }.joined(separator: ", "))); the target must be unique")
        }
        guard header.count > 1 || target == Self.noTarget else {
            throw DendriteError.data("CSV file '\(file)': the only column is the target \(QuotedText.quoted(targetName)); expected at least one feature column")
        }
        targetColumn = target
        rowValues = [Float](repeating: 0, count: width)
        if missingValues == .mean {
            columnSums = [Double](repeating: 0, count: width)
            columnCounts = [Int](repeating: 0, count: width)
        }
    }

    private func trackClass(line: Int) throws {
        if let id = classIndex[rowTargetText] {
            classIds.append(id)
            return
        }
        guard classIndex.count < Self.maximumClasses else {
            guard !targetIsText else {
                throw DendriteError.data("CSV file '\(file)', row \(rowsRead) (line \(line)), column \(QuotedText.quoted(targetName)): more than \(Self.maximumClasses) distinct classes")
            }
            tracksClasses = false
            classIndex = [:]
            classIds = []
            return
        }
        let id = Int32(classIndex.count)
        classIndex[rowTargetText] = id
        classIds.append(id)
    }

    /// The finished data set: missing means filled in, class names sorted.
    func dataset(name: String) throws -> Dataset {
        guard !header.isEmpty else {
            throw DendriteError.data("CSV file '\(file)' is empty; expected a header line and data rows")
        }
        let rows = rowsRead - droppedRows
        guard rows > 0 else {
            throw DendriteError.data(rowsRead == 0
                ? "CSV file '\(file)' has a header but no data rows"
                : "CSV file '\(file)': all \(rowsRead) data rows have missing values and were dropped")
        }
        try fillMeans()
        let featureNames = header.enumerated().filter { $0.offset != targetColumn }.map(\.element)
        var classNames: [String] = []
        var labels = targets
        if targetIsText {
            classNames = classIndex.keys.sorted()
            let sortedId = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($0.element, Float($0.offset)) })
            let byId = classIndex.sorted { $0.value < $1.value }.map { sortedId[$0.key] ?? 0 }
            labels = classIds.map { byId[Int($0)] }
            classIds = []
        }
        let matrix = Tensor(shape: [rows, width], scalars: features)
        features = []
        return Dataset(name: name, features: matrix, labels: Tensor(shape: [rows], scalars: labels),
                       featureNames: featureNames, classNames: classNames)
    }

    private func fillMeans() throws {
        guard !missingPositions.isEmpty else { return }
        for position in missingPositions {
            let column = position % width
            guard columnCounts[column] > 0 else {
                let name = header.enumerated().filter { $0.offset != targetColumn }[column].element
                throw DendriteError.data("CSV file '\(file)', column \(QuotedText.quoted(name)): every value is missing, so there is no mean to fill in")
            }
            features[position] = Float(columnSums[column] / Double(columnCounts[column]))
        }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    private static func isMissing(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count > 0 else { return true }
        return (text[0] == UInt8(ascii: "N") || text[0] == UInt8(ascii: "n")) && missingTokens.contains { $0.elementsEqual(text) }
    }

    /// The whole of `text` read as a Float by `strtof` (C locale), or nil. `text` is a trimmed part
    /// of a field, which the tokenizer ends with a 0 byte, so `strtof` stops inside the field.
    private func number(_ text: UnsafeBufferPointer<UInt8>) -> Float? {
        guard let start = text.baseAddress, !text.isEmpty else { return nil }
        let characters = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
        var end: UnsafeMutablePointer<CChar>?
        let value = strtof(characters, &end)
        return end.map { UnsafeRawPointer($0) == UnsafeRawPointer(start + text.count) } == true ? value : nil
    }
}
