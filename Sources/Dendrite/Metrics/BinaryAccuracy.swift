import DendriteCore

extension Metrics {
    /// The fraction of outputs on the right side of `threshold`: `(p > threshold) == (y > 0.5)`,
    /// element by element. Default threshold 0.5.
    public struct BinaryAccuracy: StreamingMetric {
        public var threshold: Float

        public init(threshold: Float = 0.5) { self.threshold = threshold }
        public var name: String { "binary_accuracy" }
        public var configuration: [String: JSONValue] { ["threshold": .float(threshold)] }
        public var initialState: HitCount { HitCount() }

        public func update(_ state: inout HitCount, predictions: Tensor, targets: Tensor) {
            for (value, target) in zip(predictions.scalars, targets.scalars) {
                state.hits += ((value > threshold) == (target > 0.5)) ? 1 : 0
            }
            state.trials += Double(predictions.count)
        }

        public func result(_ state: HitCount) -> Float { state.ratio }
    }
}
