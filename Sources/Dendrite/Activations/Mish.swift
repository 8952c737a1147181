import DendriteCore

extension Activations {
    /// Mish, `x · tanh(softplus(x))` (Keras `mish`), element-wise, any shape. With
    /// `t = tanh(softplus(x))`, the derivative is `t + x · (1 − t²) · σ(x)`.
    public struct Mish: ActivationFunction {
        public var name: String { "mish" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("mish", { $0 * Self.smoothGate($0) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in
                    let t = Self.smoothGate(x)
                    return g * (t + x * (1 - t * t) * Tensor.logistic(x))
                }
            }
        }

        /// tanh(softplus(x)), with softplus in its overflow-free form `max(x, 0) + log(1 + e^−|x|)`.
        private static func smoothGate(_ x: Float) -> Float {
            _tanh(Swift.max(x, 0) + _log1p(_exp(-x.magnitude)))
        }
    }
}

extension Activation {
    /// x · tanh(softplus(x)).
    public static let mish = Activation(Activations.Mish())
}
