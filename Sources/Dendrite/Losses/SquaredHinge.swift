import DendriteCore

extension Losses {
    /// Squared hinge loss `mean(max(1 − y·ŷ, 0)²)` over the last axes, per sample, for labels −1
    /// or 1 (a batch of 0/1 labels is read as −1/1, as Keras does).
    public struct SquaredHinge: LossFunction {
        public init() {}
        public var name: String { "squared_hinge" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            (1 - hingeLabels(targets.aligned(to: output)) * output).relu().squared().rowMean()
        }
    }
}
