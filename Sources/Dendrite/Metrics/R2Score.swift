import DendriteCore

extension Metrics {
    /// The coefficient of determination `1 − Σ(y − ŷ)² / Σ(y − ȳ)²` over every output (0 when the
    /// targets are constant).
    public struct R2Score: StreamingMetric {
        public init() {}
        public var name: String { "r2_score" }
        public var initialState: ErrorSums { ErrorSums() }

        public func update(_ state: inout ErrorSums, predictions: Tensor, targets: Tensor) { state.add(predictions, targets) }

        public func result(_ state: ErrorSums) -> Float {
            let total = state.targetSquares - state.targetSum * state.targetSum / Swift.max(state.count, 1)
            return total > 0 ? Float(1 - state.squared / total) : 0
        }
    }
}
