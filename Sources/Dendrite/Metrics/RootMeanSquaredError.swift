import DendriteCore

extension Metrics {
    /// `√(mean((ŷ − y)²))` over every output seen: the square root of the epoch's mean, not a mean
    /// of batch roots (Keras' `RootMeanSquaredError`).
    public struct RootMeanSquaredError: StreamingMetric {
        public init() {}
        public var name: String { "root_mean_squared_error" }
        public var initialState: ErrorSums { ErrorSums() }

        public func update(_ state: inout ErrorSums, predictions: Tensor, targets: Tensor) { state.add(predictions, targets) }
        public func result(_ state: ErrorSums) -> Float { state.count > 0 ? Float((state.squared / state.count).squareRoot()) : 0 }
    }
}
