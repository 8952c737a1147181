import DendriteCore

/// How often each true class was predicted as each class: `counts[i][j]` is the number of samples of
/// class `i` predicted as class `j` (rows are true classes, columns predictions, as in scikit-learn's
/// `confusion_matrix`).
///
/// Classes are `0..<classCount`. Without `classCount` they run up to the largest label seen, so a
/// class in between that never occurs gets a row and a column of zeros (scikit-learn would leave it
/// out unless given `labels=`).
///
/// ```swift
/// let matrix = try ConfusionMatrix(predictions: [0, 1, 1, 2], targets: [0, 1, 2, 2])
/// matrix.counts   // [[1, 0, 0], [0, 1, 0], [0, 1, 1]]
/// print(matrix)
/// // true \ predicted  0  1  2
/// //                0  1  0  0
/// //                1  0  1  0
/// //                2  0  1  1
/// ```
public struct ConfusionMatrix: Sendable, Equatable, CustomStringConvertible {
    /// `counts[trueClass][predictedClass]`, `classCount × classCount`.
    public let counts: [[Int]]

    /// Counts the pairs `(targets[k], predictions[k])`; labels must lie in `0..<classCount`.
    public init(predictions: [Int], targets: [Int], classCount: Int? = nil) throws {
        guard predictions.count == targets.count else {
            throw DendriteError.shape("ConfusionMatrix: \(predictions.count) predictions for \(targets.count) targets")
        }
        guard let largest = (predictions + targets).max(), let smallest = (predictions + targets).min() else {
            throw DendriteError.data("ConfusionMatrix: no samples")
        }
        guard smallest >= 0 else {
            throw DendriteError.data("ConfusionMatrix: label \(smallest) is negative; classes are numbered 0, 1, 2, …")
        }
        let count = classCount ?? largest + 1
        guard count > 0 else { throw DendriteError.argument("ConfusionMatrix: classCount must be positive, got \(count)") }
        guard largest < count else {
            throw DendriteError.data("ConfusionMatrix: label \(largest) is outside the classes 0..<\(count)")
        }
        var counts = Array(repeating: Array(repeating: 0, count: count), count: count)
        for (truth, guess) in zip(targets, predictions) { counts[truth][guess] += 1 }
        self.counts = counts
    }

    /// From model outputs: rows of class scores `[n, classes]` are argmaxed, single scores `[n]` or
    /// `[n, 1]` count as class 1 when `> threshold`, and integer values are taken as class ids
    /// (see ``Metrics``). Targets are class ids or one-hot rows.
    public init(predictions: Tensor, targets: Tensor, threshold: Float = 0.5) throws {
        let labels = try Metrics.classLabels(predictions: predictions, targets: targets, threshold: threshold)
        try self.init(predictions: labels.predicted, targets: labels.actual, classCount: labels.classCount)
    }

    public var classCount: Int { counts.count }
    /// Number of samples.
    public var total: Int { counts.joined().reduce(0, +) }
    /// Samples predicted correctly (the diagonal's sum).
    public var correct: Int { truePositives.reduce(0, +) }

    /// Per class: samples of the class predicted as it (the diagonal).
    public var truePositives: [Int] { (0..<classCount).map { counts[$0][$0] } }
    /// Per class: samples of other classes predicted as it (its column without the diagonal).
    public var falsePositives: [Int] { (0..<classCount).map { c in counts.reduce(0) { $0 + $1[c] } - counts[c][c] } }
    /// Per class: samples of the class predicted as another (its row without the diagonal).
    public var falseNegatives: [Int] { (0..<classCount).map { counts[$0].reduce(0, +) - counts[$0][$0] } }
    /// Per class: samples whose true class it is (its row's sum).
    public var support: [Int] { counts.map { $0.reduce(0, +) } }

    /// The matrix as a right-aligned table, rows labelled by true class; `classNames` (one per class)
    /// replace the class numbers.
    public func table(classNames: [String]? = nil) -> String {
        let names = classNames.flatMap { $0.count == classCount ? $0 : nil } ?? (0..<classCount).map(String.init)
        let corner = "true \\ predicted"
        let labelWidth = ([corner] + names).map(\.count).max() ?? 0
        let cellWidth = (names + counts.joined().map(String.init)).map(\.count).max() ?? 0
        let header = Self.rightAligned(corner, labelWidth) + names.map { "  " + Self.rightAligned($0, cellWidth) }.joined()
        let rows = zip(names, counts).map { name, row in
            Self.rightAligned(name, labelWidth) + row.map { "  " + Self.rightAligned(String($0), cellWidth) }.joined()
        }
        return ([header] + rows).joined(separator: "\n")
    }

    public var description: String { table() }

    /// `text` padded with spaces on the left to `width` characters.
    static func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }
}
