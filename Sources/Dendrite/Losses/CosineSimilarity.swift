import DendriteCore

extension Losses {
    /// Negative cosine similarity `−Σ (y/‖y‖)·(ŷ/‖ŷ‖)` over the last axis (averaged over any other
    /// axes) per sample: −1 for vectors pointing the same way, 0 when orthogonal. Norms below
    /// 1e-7 count as 1e-7, as in Keras' `normalize`, so a zero vector scores 0.
    public struct CosineSimilarity: LossFunction {
        public init() {}
        public var name: String { "cosine_similarity" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            (-(normalized(targets.aligned(to: output)) * normalized(output)).sum(alongAxes: [-1])).rowMean()
        }

        /// `x · min(1/‖x‖, 1/ε)` along the last axis.
        private func normalized(_ x: Tensor) -> Tensor {
            x * (1 / x.squared().sum(alongAxes: [-1], keepingDimensions: true).sqrt()).clamped(to: 0, 1 / lossEpsilon)
        }
    }
}
