import Foundation
import DendriteCore

extension Metrics {
    /// Area under the ROC or the precision–recall curve, Keras' `AUC` with its defaults: scores
    /// clipped to [0, 1] are counted at `numThresholds` evenly spaced thresholds (−ε, 1/(n−1), …,
    /// 1 + ε), a target counts as positive when non-zero, and the area is summed by interpolation:
    /// the trapezoid rule for ROC, Davis & Goadrich's interpolation of precision for PR. Keys `auc`
    /// (ROC) and `pr_auc` (PR, where Keras would also say `auc`, so that both can be reported).
    /// Memory stays at 2·`numThresholds` counts however many samples an epoch has.
    ///
    /// The thresholds make it an approximation: `ClassificationStatistics.areaUnderROC` and
    /// `Metrics.rocAUC` compute the exact ROC area by ranking.
    public struct AUC: StreamingMetric {
        public enum Curve: String, Sendable {
            case roc = "ROC"
            case pr = "PR"
        }

        public var curve: Curve
        public var numThresholds: Int

        public init(curve: Curve = .roc, numThresholds: Int = 200) {
            self.curve = curve
            self.numThresholds = numThresholds
        }

        public var name: String { curve == .roc ? "auc" : "pr_auc" }
        public var configuration: [String: JSONValue] { ["curve": .string(curve.rawValue), "num_thresholds": .int(numThresholds)] }

        /// Positive and negative counts per threshold bucket.
        public var initialState: (positives: [Double], negatives: [Double]) {
            let buckets = Array(repeating: 0.0, count: Swift.max(numThresholds, 2))
            return (buckets, buckets)
        }

        public func update(_ state: inout (positives: [Double], negatives: [Double]), predictions: Tensor, targets: Tensor) {
            let last = state.positives.count - 1
            for (score, target) in zip(predictions.scalars, targets.scalars) {
                // Keras' bucket: the last threshold strictly below the score.
                let bucket = Swift.min(Swift.max(Int((score.clamped(0, 1) * Float(last)).rounded(.up)) - 1, 0), last)
                if target != 0 { state.positives[bucket] += 1 } else { state.negatives[bucket] += 1 }
            }
        }

        public func result(_ state: (positives: [Double], negatives: [Double])) -> Float {
            // Counts above each threshold: true and false positives.
            var tp = state.positives, fp = state.negatives
            for index in stride(from: tp.count - 2, through: 0, by: -1) {
                tp[index] += tp[index + 1]
                fp[index] += fp[index + 1]
            }
            let positives = tp[0], negatives = fp[0]
            func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
            var area = 0.0
            for i in 0..<(tp.count - 1) {
                switch curve {
                case .roc:
                    let width = ratio(fp[i], negatives) - ratio(fp[i + 1], negatives)
                    area += width * (ratio(tp[i], positives) + ratio(tp[i + 1], positives)) / 2
                case .pr:
                    let dtp = tp[i] - tp[i + 1], p = tp[i] + fp[i], next = tp[i + 1] + fp[i + 1]
                    let slope = ratio(dtp, Swift.max(p - next, 0))
                    let intercept = tp[i + 1] - slope * next
                    let pRatio = p > 0 && next > 0 ? p / next : 1
                    area += ratio(slope * (dtp + intercept * Foundation.log(pRatio)), positives)
                }
            }
            return Float(area)
        }

        public func validate() throws {
            guard numThresholds > 1 else { throw DendriteError.argument("\(name): numThresholds must be > 1, got \(numThresholds)") }
        }
    }
}

private extension Float {
    func clamped(_ lower: Float, _ upper: Float) -> Float { Swift.min(Swift.max(self, lower), upper) }
}
