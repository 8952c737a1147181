import DendriteCore

extension Losses {
    /// Mean absolute error: `mean(|ŷ − y|)` over the last axes, per sample.
    public struct MeanAbsoluteError: LossFunction {
        public init() {}
        public var name: String { "mean_absolute_error" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            (output - targets.aligned(to: output)).abs().rowMean()
        }
    }
}
