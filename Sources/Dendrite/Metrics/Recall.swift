import DendriteCore

extension Metrics {
    /// TP / (TP + FN): the fraction of positives predicted positive, counting an output as positive when `> threshold` and a target when `> 0.5`, element
    /// by element (0 when undefined). Default threshold 0.5.
    public struct Recall: StreamingMetric {
        public var threshold: Float

        public init(threshold: Float = 0.5) { self.threshold = threshold }
        public var name: String { "recall" }
        public var configuration: [String: JSONValue] { ["threshold": .float(threshold)] }
        public var initialState: ConfusionCounts { ConfusionCounts() }

        public func update(_ state: inout ConfusionCounts, predictions: Tensor, targets: Tensor) {
            state.add(predictions, targets, threshold: threshold)
        }

        public func result(_ state: ConfusionCounts) -> Float {
            let (numerator, denominator) = (state.truePositives, state.truePositives + state.falseNegatives)
            return denominator > 0 ? Float(numerator / denominator) : 0
        }
    }
}
