import DendriteCore

/// A quality measure reported during `fit` and by `evaluate`, with Keras' names.
///
/// `.accuracy` picks the right kind from the loss and output width, as Keras does: sparse
/// categorical for integer labels, binary (threshold 0.5) for one output, categorical otherwise.
/// Metrics always see probabilities: a model trained on logits has sigmoid/softmax applied first.
public enum Metric: Sendable, Hashable {
    case accuracy
    case binaryAccuracy(threshold: Float)
    case categoricalAccuracy
    case sparseCategoricalAccuracy
    case precision(threshold: Float)
    case recall(threshold: Float)
    case f1Score(threshold: Float)
    case auc
    case r2Score
    case meanAbsoluteError
    case meanSquaredError

    public static let binaryAccuracy = Metric.binaryAccuracy(threshold: 0.5)
    public static let precision = Metric.precision(threshold: 0.5)
    public static let recall = Metric.recall(threshold: 0.5)
    public static let f1Score = Metric.f1Score(threshold: 0.5)
    public static let mae = Metric.meanAbsoluteError
    public static let mse = Metric.meanSquaredError

    /// The key in histories and `evaluate` results (Keras' spelling).
    public var name: String {
        switch self {
        case .accuracy: "accuracy"
        case .binaryAccuracy: "binary_accuracy"
        case .categoricalAccuracy: "categorical_accuracy"
        case .sparseCategoricalAccuracy: "sparse_categorical_accuracy"
        case .precision: "precision"
        case .recall: "recall"
        case .f1Score: "f1_score"
        case .auc: "auc"
        case .r2Score: "r2_score"
        case .meanAbsoluteError: "mae"
        case .meanSquaredError: "mse"
        }
    }

    /// The metric named `name` (Keras spelling), with default settings.
    public init?(named name: String) {
        let all: [Metric] = [.accuracy, .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy,
                             .precision, .recall, .f1Score, .auc, .r2Score, .meanAbsoluteError, .meanSquaredError]
        guard let match = all.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// `.accuracy` made concrete for a loss and an output width.
    func resolved(for loss: Loss, outputWidth: Int) -> Metric {
        guard self == .accuracy else { return self }
        if loss.usesClassLabels { return .sparseCategoricalAccuracy }
        return outputWidth == 1 ? .binaryAccuracy(threshold: 0.5) : .categoricalAccuracy
    }
}

/// Running sufficient statistics of one metric over the batches of an epoch.
struct MetricAccumulator {
    /// The key reported: the name the user asked for (`accuracy`), as Keras does.
    let name: String
    let metric: Metric
    private var correct = 0.0, seen = 0.0
    private var truePositives = 0.0, falsePositives = 0.0, falseNegatives = 0.0
    private var sum = 0.0, sumOfSquares = 0.0, residualSquares = 0.0
    private var scores: [Float] = [], positives: [Bool] = []

    init(_ metric: Metric, reportedAs name: String) {
        self.metric = metric
        self.name = name
    }

    /// Adds a batch of probabilities (or values) and targets shaped like them (class ids `[n]` for
    /// sparse accuracy).
    mutating func update(_ predictions: Tensor, _ targets: Tensor) {
        let p = predictions.scalars, rows = predictions.shape[0]
        let width = Swift.max(predictions.count / Swift.max(rows, 1), 1)
        let y = targets.scalars
        switch metric {
        case .accuracy, .binaryAccuracy:
            let threshold: Float = if case .binaryAccuracy(let t) = metric { t } else { 0.5 }
            for (value, target) in zip(p, y) { correct += ((value > threshold) == (target > 0.5)) ? 1 : 0 }
            seen += Double(p.count)
        case .categoricalAccuracy, .sparseCategoricalAccuracy:
            for row in 0..<rows {
                let slice = p[(row * width)..<((row + 1) * width)]
                let predicted = slice.indices.max { p[$0] < p[$1] }! - row * width
                let target: Int
                if case .sparseCategoricalAccuracy = metric {
                    // A target that is no class id (fractional, negative, huge) matches no prediction.
                    target = Int(exactly: y[row]) ?? -1
                } else {
                    let truth = y[(row * width)..<((row + 1) * width)]
                    target = truth.indices.max { y[$0] < y[$1] }! - row * width
                }
                correct += predicted == target ? 1 : 0
            }
            seen += Double(rows)
        case .precision(let threshold), .recall(let threshold), .f1Score(let threshold):
            for (value, target) in zip(p, y) {
                let predictedPositive = value > threshold, actualPositive = target > 0.5
                if predictedPositive && actualPositive { truePositives += 1 }
                if predictedPositive && !actualPositive { falsePositives += 1 }
                if !predictedPositive && actualPositive { falseNegatives += 1 }
            }
        case .auc:
            scores += p
            positives += y.map { $0 > 0.5 }
        case .r2Score, .meanAbsoluteError, .meanSquaredError:
            for (value, target) in zip(p, y) {
                let error = Double(value) - Double(target)
                residualSquares += error * error
                correct += Swift.abs(error)
                sum += Double(target)
                sumOfSquares += Double(target) * Double(target)
            }
            seen += Double(p.count)
        }
    }

    var result: Float {
        func ratio(_ a: Double, _ b: Double) -> Float { b > 0 ? Float(a / b) : 0 }
        switch metric {
        case .accuracy, .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy:
            return ratio(correct, seen)
        case .precision: return ratio(truePositives, truePositives + falsePositives)
        case .recall: return ratio(truePositives, truePositives + falseNegatives)
        case .f1Score: return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
        case .auc: return ClassificationStatistics.areaUnderROC(scores: scores, positives: positives)
        case .meanAbsoluteError: return ratio(correct, seen)
        case .meanSquaredError: return ratio(residualSquares, seen)
        case .r2Score:
            let total = sumOfSquares - sum * sum / Swift.max(seen, 1)
            return total > 0 ? Float(1 - residualSquares / total) : 0
        }
    }
}

/// Statistics over whole score lists.
public enum ClassificationStatistics {
    /// Area under the ROC curve (the probability that a random positive outscores a random
    /// negative, ties counting half), exactly, by ranking.
    public static func areaUnderROC(scores: [Float], positives: [Bool]) -> Float {
        let positiveCount = positives.filter { $0 }.count, negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return 0 }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end where positives[order[position]] { rankSum += averageRank }
            start = end + 1
        }
        let positiveRanks = rankSum - Double(positiveCount) * Double(positiveCount + 1) / 2
        return Float(positiveRanks / (Double(positiveCount) * Double(negativeCount)))
    }
}
