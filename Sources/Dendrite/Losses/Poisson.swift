import DendriteCore

extension Losses {
    /// Poisson loss `mean(ŷ − y·log(ŷ + 1e-7))` over the last axes, per sample: the negative
    /// log-likelihood (up to a constant) of counts y under a Poisson rate ŷ > 0.
    public struct Poisson: LossFunction {
        public init() {}
        public var name: String { "poisson" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            (output - targets.aligned(to: output) * (output + lossEpsilon).log()).rowMean()
        }
    }
}
