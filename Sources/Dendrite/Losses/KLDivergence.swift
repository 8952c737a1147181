import DendriteCore

extension Losses {
    /// Kullback–Leibler divergence `Σ y·log(y / p)` over the last axis, per sample, with targets and
    /// outputs clipped to [1e-7, 1] (Keras). Both are distributions `[batch, classes]`.
    public struct KLDivergence: LossFunction {
        public init() {}
        public var name: String { "kl_divergence" }
        public var targetKind: LossTargets { .distributions }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            let y = targets.aligned(to: output).clamped(to: lossEpsilon, 1)
            let p = output.clamped(to: lossEpsilon, 1)
            return (y * (y / p).log()).sum(alongAxes: [-1]).rowMean()
        }
    }
}
