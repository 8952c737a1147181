import DendriteCore

extension Activations {
    /// Swish, also called SiLU: `x · σ(x)` (Keras `swish` and `silu`), element-wise, any shape.
    /// Derivative `σ(x) + x·σ(x)(1 − σ(x))`.
    public struct Swish: ActivationFunction {
        public var name: String { "swish" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.swish() }
    }
}

extension Activation {
    /// x · σ(x).
    public static let swish = Activation(Activations.Swish())
    /// Swish's other name.
    public static let silu = Activation.swish
}

extension Tensor {
    /// x · σ(x) (also called SiLU).
    public func swish() -> Tensor {
        unary("swish", { $0 * Tensor.logistic($0) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in
                let s = Tensor.logistic(x)
                return g * (s + x * s * (1 - s))
            }
        }
    }
}
