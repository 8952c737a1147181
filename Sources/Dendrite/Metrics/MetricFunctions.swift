import DendriteCore

/// Metrics as plain functions of predictions and targets, for use outside `fit` (the numbers of
/// scikit-learn's functions of the same names).
///
/// Classification functions read class labels from tensors the same way:
/// - rows of class scores `[n, classes]` (probabilities, logits or one-hot) → the argmax of each row;
/// - one value per sample (`[n]` or `[n, 1]`) that is a non-negative integer → that class id;
/// - otherwise, for predictions, a probability in [0, 1] → class 1 when `> threshold`, else 0.
///
/// Integer ids and thresholded probabilities agree on 0 and 1, so binary labels and scores mix freely.
///
/// ```swift
/// let probabilities = Tensor([0.9, 0.2, 0.6]), labels = Tensor([1, 0, 0])
/// try Metrics.accuracy(predictions: probabilities, targets: labels)    // 0.6667
/// try Metrics.precision(predictions: probabilities, targets: labels)   // 0.5
/// try Metrics.f1Score(predictions: Tensor([0, 2, 1, 2]), targets: Tensor([0, 1, 1, 2]), average: .macro)
/// ```
public enum Metrics {
    /// How per-class scores combine into one number (scikit-learn's `average=`).
    public enum Average: Sendable, Equatable {
        /// The score of class 1; labels must be 0 and 1.
        case binary
        /// The score of the pooled counts ΣTP, ΣFP, ΣFN (equals the accuracy for single-label data).
        case micro
        /// The unweighted mean over classes.
        case macro
        /// The mean over classes weighted by their support.
        case weighted
    }

    /// Fraction of samples whose predicted class equals the target class.
    public static func accuracy(predictions: Tensor, targets: Tensor, threshold: Float = 0.5) throws -> Float {
        let labels = try classLabels(predictions: predictions, targets: targets, threshold: threshold)
        let correct = zip(labels.predicted, labels.actual).filter { $0 == $1 }.count
        return Float(Double(correct) / Double(labels.actual.count))
    }

    /// TP / (TP + FP): how many predicted positives are right (0 when nothing is predicted positive).
    public static func precision(predictions: Tensor, targets: Tensor, average: Average = .binary,
                                 threshold: Float = 0.5) throws -> Float {
        Float(try scores(predictions, targets, average, threshold).precision)
    }

    /// TP / (TP + FN): how many actual positives are found (0 when there are none).
    public static func recall(predictions: Tensor, targets: Tensor, average: Average = .binary,
                              threshold: Float = 0.5) throws -> Float {
        Float(try scores(predictions, targets, average, threshold).recall)
    }

    /// 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall (0 when TP + FP + FN = 0).
    public static func f1Score(predictions: Tensor, targets: Tensor, average: Average = .binary,
                               threshold: Float = 0.5) throws -> Float {
        Float(try scores(predictions, targets, average, threshold).f1Score)
    }

    /// Area under the ROC curve of scores `[n]` or `[n, 1]` against 0/1 targets: the probability that
    /// a random positive scores above a random negative (ties count half). Needs both classes.
    public static func rocAUC(predictions: Tensor, targets: Tensor) throws -> Float {
        let actual = try labels(of: targets, "rocAUC: targets", threshold: nil).ids
        guard predictions.count == actual.count, predictions.shape.first == targets.shape.first else {
            throw DendriteError.shape("rocAUC: needs one score per sample, got predictions of shape \(predictions.shape) "
                                      + "for targets of shape \(targets.shape)")
        }
        try FiniteValues.require(predictions, "rocAUC: predictions")
        let positives = try binary(actual, "rocAUC: targets")
        guard Set(positives).count == 2 else {
            throw DendriteError.data("rocAUC: every target is \(actual[0]); the ROC curve needs both classes 0 and 1")
        }
        return ClassificationStatistics.areaUnderROC(scores: predictions.scalars, positives: positives)
    }

    /// Coefficient of determination `1 − Σ(y − ŷ)² / Σ(y − ȳ)²`; for targets `[n, outputs]`, the
    /// mean over outputs (scikit-learn's `uniform_average`). Constant targets give 1 if predicted
    /// exactly, else 0.
    public static func r2Score(predictions: Tensor, targets: Tensor) throws -> Float {
        let (p, y, outputs) = try regressionValues(predictions, targets, "r2Score")
        let scores = (0..<outputs).map { column in
            let truth = stride(from: column, to: y.count, by: outputs).map { y[$0] }
            let guesses = stride(from: column, to: p.count, by: outputs).map { p[$0] }
            let mean = truth.reduce(0, +) / Double(truth.count)
            let residual = zip(truth, guesses).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            let total = truth.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            return total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0)
        }
        return Float(scores.reduce(0, +) / Double(outputs))
    }

    /// mean |y − ŷ| over all values.
    public static func meanAbsoluteError(predictions: Tensor, targets: Tensor) throws -> Float {
        let (p, y, _) = try regressionValues(predictions, targets, "meanAbsoluteError")
        return Float(zip(p, y).map { Swift.abs($0 - $1) }.reduce(0, +) / Double(y.count))
    }

    /// mean (y − ŷ)² over all values.
    public static func meanSquaredError(predictions: Tensor, targets: Tensor) throws -> Float {
        let (p, y, _) = try regressionValues(predictions, targets, "meanSquaredError")
        return Float(zip(p, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count))
    }

    // MARK: - Reading labels and values

    private static func scores(_ predictions: Tensor, _ targets: Tensor, _ average: Average,
                               _ threshold: Float) throws -> ClassificationReport.Scores {
        let labels = try classLabels(predictions: predictions, targets: targets, threshold: threshold)
        if average == .binary {
            let hint = " as average .binary needs; use .macro, .micro or .weighted for more classes"
            _ = try binary(labels.predicted, "predictions", hint: hint)
            _ = try binary(labels.actual, "targets", hint: hint)
        }
        let matrix = try ConfusionMatrix(predictions: labels.predicted, targets: labels.actual,
                                         classCount: average == .binary ? 2 : labels.classCount)
        let report = try ClassificationReport(confusionMatrix: matrix)
        switch average {
        case .binary: return report.classes[1]
        case .micro: return report.microAverage
        case .macro: return report.macroAverage
        case .weighted: return report.weightedAverage
        }
    }

    /// Predicted and true class ids, one per sample, and the class count when rows of scores fix it.
    static func classLabels(predictions: Tensor, targets: Tensor,
                            threshold: Float) throws -> (predicted: [Int], actual: [Int], classCount: Int?) {
        let predicted = try labels(of: predictions, "predictions", threshold: threshold)
        let actual = try labels(of: targets, "targets", threshold: nil)
        guard predicted.ids.count == actual.ids.count else {
            throw DendriteError.shape("predictions of shape \(predictions.shape) hold \(predicted.ids.count) samples "
                                      + "but targets of shape \(targets.shape) hold \(actual.ids.count)")
        }
        return (predicted.ids, actual.ids, predicted.width ?? actual.width)
    }

    private static func labels(of tensor: Tensor, _ role: String,
                               threshold: Float?) throws -> (ids: [Int], width: Int?) {
        guard tensor.rank >= 1, tensor.shape[0] > 0 else {
            throw DendriteError.data("\(role) are empty (shape \(tensor.shape)); metrics need at least one sample")
        }
        try FiniteValues.require(tensor, role)
        let samples = tensor.shape[0], width = tensor.count / samples
        if tensor.rank == 2 && width > 1 {
            return (tensor.argmax(alongAxis: 1).scalars.map { Int($0) }, width)
        }
        guard tensor.rank == 1 || (tensor.rank == 2 && width == 1) else {
            throw DendriteError.shape("\(role) must be [n] or [n, classes], got shape \(tensor.shape)")
        }
        let values = tensor.scalars
        // Below 2²⁴ every integer is exact in Float, and the conversion to Int cannot trap.
        let isClassId = { (value: Float) in value >= 0 && value < 16_777_216 && value == value.rounded() }
        if values.allSatisfy(isClassId) { return (values.map { Int($0) }, nil) }
        if let threshold, values.allSatisfy({ (0...1).contains($0) }) {
            return (values.map { $0 > threshold ? 1 : 0 }, nil)
        }
        let bad = values.firstIndex { !isClassId($0) } ?? 0
        let expected = threshold == nil ? "a class id (a non-negative integer)"
            : "a class id (a non-negative integer) or a probability in [0, 1]"
        throw DendriteError.data("\(role) value \(values[bad]) of sample \(bad) is not \(expected)")
    }

    /// The labels as booleans, requiring each to be 0 or 1.
    private static func binary(_ labels: [Int], _ role: String, hint: String = "") throws -> [Bool] {
        if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw DendriteError.data("\(role): class \(labels[bad]) of sample \(bad) is not 0 or 1\(hint)")
        }
        return labels.map { $0 == 1 }
    }

    /// Predictions and targets as doubles, with the number of outputs per sample.
    private static func regressionValues(_ predictions: Tensor, _ targets: Tensor,
                                         _ name: String) throws -> ([Double], [Double], Int) {
        guard targets.rank >= 1, targets.shape[0] > 0 else {
            throw DendriteError.data("\(name): targets are empty (shape \(targets.shape))")
        }
        guard predictions.count == targets.count, predictions.shape.first == targets.shape.first else {
            throw DendriteError.shape(
                "\(name): predictions of shape \(predictions.shape) do not match targets of shape \(targets.shape)")
        }
        try FiniteValues.require(predictions, "\(name): predictions")
        try FiniteValues.require(targets, "\(name): targets")
        let outputs = targets.count / targets.shape[0]
        return (predictions.scalars.map(Double.init), targets.scalars.map(Double.init), outputs)
    }
}
