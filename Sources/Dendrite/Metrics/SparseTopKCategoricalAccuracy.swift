import DendriteCore

extension Metrics {
    /// The fraction of rows whose target class id (targets `[batch]`) is among the `k` largest
    /// outputs; ties with the k-th largest count as hits, as in Keras. Default k = 5.
    public struct SparseTopKCategoricalAccuracy: StreamingMetric {
        public var k: Int

        public init(k: Int = 5) { self.k = k }
        public var name: String { "sparse_top_k_categorical_accuracy" }
        public var configuration: [String: JSONValue] { ["k": .int(k)] }
        public var initialState: HitCount { HitCount() }

        public func update(_ state: inout HitCount, predictions: Tensor, targets: Tensor) {
            countTopK(&state, predictions, targets.classIds, k: k)
        }

        public func result(_ state: HitCount) -> Float { state.ratio }
        public func validate() throws { try requirePositiveK(k, name) }
    }
}
