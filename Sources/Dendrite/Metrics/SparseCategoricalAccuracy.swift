import DendriteCore

extension Metrics {
    /// The fraction of rows whose largest output is at the target class id (targets `[batch]`).
    public struct SparseCategoricalAccuracy: StreamingMetric {
        public init() {}
        public var name: String { "sparse_categorical_accuracy" }
        public var initialState: HitCount { HitCount() }

        public func update(_ state: inout HitCount, predictions: Tensor, targets: Tensor) {
            for (predicted, target) in zip(predictions.predictedClasses, targets.classIds) {
                state.hits += predicted == target ? 1 : 0
            }
            state.trials += Double(predictions.shape[0])
        }

        public func result(_ state: HitCount) -> Float { state.ratio }
    }
}
