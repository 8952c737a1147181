import DendriteCore

extension Losses {
    /// Mean squared error: `mean((ŷ − y)²)` over the last axes, per sample.
    public struct MeanSquaredError: LossFunction {
        public init() {}
        public var name: String { "mean_squared_error" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            (output - targets.aligned(to: output)).squared().rowMean()
        }
    }
}
