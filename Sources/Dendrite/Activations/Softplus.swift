import DendriteCore

extension Activations {
    /// `log(1 + eˣ)`, a smooth ReLU (Keras `softplus`), element-wise, any shape, computed without
    /// overflow for large |x|. Derivative σ(x).
    public struct Softplus: ActivationFunction {
        public var name: String { "softplus" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.softplus() }
    }
}

extension Activation {
    /// log(1 + eˣ).
    public static let softplus = Activation(Activations.Softplus())
}

extension Tensor {
    /// log(1 + eˣ), stable for large |x|. Derivative σ(x).
    public func softplus() -> Tensor {
        unary("softplus", vectorized: { VectorMath.softplus($0, $1, count: $2) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in g * Tensor.logistic(x) }
        }
    }
}
