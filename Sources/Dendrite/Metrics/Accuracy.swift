import DendriteCore

extension Metrics {
    /// Keras' `"accuracy"`: resolved from the loss and the output width to sparse categorical
    /// accuracy (class-id targets), binary accuracy at 0.5 (one output) or categorical accuracy.
    public struct Accuracy: StreamingMetric {
        public init() {}
        public var name: String { "accuracy" }
        public var initialState: HitCount { HitCount() }

        public func resolved(for loss: Loss, outputWidth: Int) -> any StreamingMetric {
            if loss.usesClassLabels { return SparseCategoricalAccuracy() }
            return outputWidth == 1 ? BinaryAccuracy() as any StreamingMetric : CategoricalAccuracy()
        }

        /// Unresolved (outside `fit`), the binary form at 0.5.
        public func update(_ state: inout HitCount, predictions: Tensor, targets: Tensor) {
            BinaryAccuracy().update(&state, predictions: predictions, targets: targets)
        }

        public func result(_ state: HitCount) -> Float { state.ratio }
    }
}
