import DendriteCore

extension Activations {
    /// `log σ(x) = −softplus(−x)` (Keras `log_sigmoid`), element-wise, any shape, computed as
    /// `min(x, 0) − log(1 + e^−|x|)` so that it never overflows. Derivative `σ(−x)`.
    public struct LogSigmoid: ActivationFunction {
        public var name: String { "log_sigmoid" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("logSigmoid", { Swift.min($0, 0) - _log1p(_exp(-$0.magnitude)) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in g * Tensor.logistic(-x) }
            }
        }
    }
}

extension Activation {
    /// log σ(x).
    public static let logSigmoid = Activation(Activations.LogSigmoid())
}
