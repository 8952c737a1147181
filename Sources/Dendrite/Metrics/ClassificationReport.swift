import DendriteCore
import Foundation

/// Per-class precision, recall, F1 and support, with accuracy and the macro and weighted averages:
/// the numbers and the layout of scikit-learn's `classification_report`.
///
/// For each class c, from the ``ConfusionMatrix``:
///
///     precision = TP / (TP + FP)      recall = TP / (TP + FN)
///     F1 = 2·TP / (2·TP + FP + FN)    (the harmonic mean of precision and recall)
///     support = TP + FN               (samples whose true class is c)
///
/// A ratio whose denominator is zero (a class never predicted, or never present) is 0, as
/// scikit-learn's `zero_division=0`; scikit-learn also warns then, Dendrite does not.
/// The macro average is the plain mean over classes, the weighted average weights each class by its
/// support, and the micro average pools the counts (for single-label data all three micro scores
/// equal the accuracy). Values are `Double`, as scikit-learn's float64, so printed digits agree.
///
/// ```swift
/// let report = try ClassificationReport(predictions: [0, 1, 1, 2], targets: [0, 1, 2, 2],
///                                       classNames: ["cat", "dog", "bird"])
/// report.classes[2].recall   // 0.5
/// print(report)
/// //               precision    recall  f1-score   support
/// //
/// //          cat       1.00      1.00      1.00         1
/// // …
/// ```
public struct ClassificationReport: Sendable, Equatable, CustomStringConvertible {
    /// The scores of one class, or one average of them.
    public struct Scores: Sendable, Equatable {
        public let precision: Double
        public let recall: Double
        public let f1Score: Double
        public let support: Int
    }

    /// Row labels: the given class names, or the class numbers.
    public let classNames: [String]
    /// Scores of each class, in class order.
    public let classes: [Scores]
    /// Fraction of samples predicted correctly.
    public let accuracy: Double
    /// Unweighted mean of the per-class scores.
    public let macroAverage: Scores
    /// Mean of the per-class scores weighted by support.
    public let weightedAverage: Scores
    /// Scores of the pooled counts (ΣTP, ΣFP, ΣFN); not printed, as scikit-learn prints accuracy.
    public let microAverage: Scores
    public let confusionMatrix: ConfusionMatrix

    public init(confusionMatrix matrix: ConfusionMatrix, classNames: [String]? = nil) throws {
        if let classNames, classNames.count != matrix.classCount {
            throw DendriteError.argument(
                "ClassificationReport: \(classNames.count) class names for \(matrix.classCount) classes")
        }
        func scores(_ tp: Int, _ fp: Int, _ fn: Int) -> Scores {
            Scores(precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1Score: ratio(2 * tp, 2 * tp + fp + fn),
                   support: tp + fn)
        }
        let (tp, fp, fn) = (matrix.truePositives, matrix.falsePositives, matrix.falseNegatives)
        let perClass = (0..<matrix.classCount).map { scores(tp[$0], fp[$0], fn[$0]) }
        let total = matrix.total
        func average(_ weight: (Scores) -> Double) -> Scores {
            let totalWeight = perClass.map(weight).reduce(0, +)
            func mean(_ value: (Scores) -> Double) -> Double {
                totalWeight > 0 ? perClass.map { weight($0) * value($0) }.reduce(0, +) / totalWeight : 0
            }
            return Scores(precision: mean(\.precision), recall: mean(\.recall), f1Score: mean(\.f1Score), support: total)
        }
        classes = perClass
        macroAverage = average { _ in 1 }
        weightedAverage = average { Double($0.support) }
        microAverage = scores(tp.reduce(0, +), fp.reduce(0, +), fn.reduce(0, +))
        accuracy = ratio(matrix.correct, total)
        confusionMatrix = matrix
        self.classNames = classNames ?? (0..<matrix.classCount).map(String.init)
    }

    /// From class ids; `classCount` defaults to the number of `classNames`, else the largest label + 1.
    public init(predictions: [Int], targets: [Int], classCount: Int? = nil, classNames: [String]? = nil) throws {
        let matrix = try ConfusionMatrix(predictions: predictions, targets: targets,
                                         classCount: classCount ?? classNames?.count)
        try self.init(confusionMatrix: matrix, classNames: classNames)
    }

    /// From model outputs, read as ``ConfusionMatrix/init(predictions:targets:threshold:)`` reads them.
    public init(predictions: Tensor, targets: Tensor, threshold: Float = 0.5, classNames: [String]? = nil) throws {
        let labels = try Metrics.classLabels(predictions: predictions, targets: targets, threshold: threshold)
        try self.init(predictions: labels.predicted, targets: labels.actual,
                      classCount: labels.classCount ?? classNames?.count, classNames: classNames)
    }

    /// The report laid out as scikit-learn's, with `digits` decimals (without its final newline).
    public func text(digits: Int = 2) -> String {
        let width = ([12, digits] + classNames.map(\.count)).max() ?? 12  // 12 = "weighted avg".count
        func cell(_ text: String) -> String { " " + ConfusionMatrix.rightAligned(text, 9) }
        func number(_ value: Double) -> String { cell(String(format: "%.\(Swift.max(digits, 0))f", value)) }
        func row(_ name: String, _ scores: Scores) -> String {
            ConfusionMatrix.rightAligned(name, width) + " " + number(scores.precision) + number(scores.recall)
                + number(scores.f1Score) + cell(String(scores.support))
        }
        let header = String(repeating: " ", count: width) + " "
            + ["precision", "recall", "f1-score", "support"].map(cell).joined()
        let accuracyRow = ConfusionMatrix.rightAligned("accuracy", width) + " " + cell("") + cell("") + number(accuracy)
            + cell(String(confusionMatrix.total))
        return ([header, ""] + zip(classNames, classes).map(row) + ["", accuracyRow,
                row("macro avg", macroAverage), row("weighted avg", weightedAverage)]).joined(separator: "\n")
    }

    public var description: String { text() }
}

/// `numerator / denominator`, or 0 when the denominator is 0 (scikit-learn's `zero_division=0`).
private func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator > 0 ? Double(numerator) / Double(denominator) : 0
}
