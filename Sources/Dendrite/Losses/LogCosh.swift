import DendriteCore

extension Losses {
    /// Log-cosh loss `mean(log(cosh(ŷ − y)))` over the last axes, per sample, computed as
    /// `x + softplus(−2x) − log 2` (stable for large errors): about x²/2 for small errors and
    /// |x| − log 2 for large ones.
    public struct LogCosh: LossFunction {
        public init() {}
        public var name: String { "log_cosh" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            let error = output - targets.aligned(to: output)
            return (error + (error * -2).softplus() - 0.69314718).rowMean()
        }
    }
}
