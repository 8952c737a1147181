import DendriteCore

extension Activations {
    /// `x / (1 + |x|)` (Keras `softsign`), element-wise, any shape: a sigmoid-shaped curve in
    /// (−1, 1) with polynomial tails. Derivative `1 / (1 + |x|)²`.
    public struct Softsign: ActivationFunction {
        public var name: String { "softsign" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("softsign", { $0 / (1 + $0.magnitude) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in g / ((1 + x.magnitude) * (1 + x.magnitude)) }
            }
        }
    }
}

extension Activation {
    /// x / (1 + |x|).
    public static let softsign = Activation(Activations.Softsign())
}
