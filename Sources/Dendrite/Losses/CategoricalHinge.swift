import DendriteCore

extension Losses {
    /// Categorical hinge loss `max(neg − pos + 1, 0)` per sample, where `pos = Σ y·ŷ` and
    /// `neg = max((1 − y)·ŷ)` over the last axis; targets are one-hot rows `[batch, classes]`.
    public struct CategoricalHinge: LossFunction {
        public init() {}
        public var name: String { "categorical_hinge" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            let y = targets.aligned(to: output)
            let positive = (y * output).sum(alongAxes: [-1])
            let negative = ((1 - y) * output).max(alongAxes: [-1])
            return (negative - positive + 1).relu().rowMean()
        }
    }
}
