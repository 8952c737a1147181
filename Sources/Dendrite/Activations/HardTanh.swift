import DendriteCore

extension Activations {
    /// `clip(x, −1, 1)` (Keras `hard_tanh`), element-wise, any shape. Derivative 1 for
    /// −1 < x < 1, else 0.
    public struct HardTanh: ActivationFunction {
        public var name: String { "hard_tanh" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("hardTanh", { Swift.min(Swift.max($0, -1), 1) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in x > -1 && x < 1 ? g : 0 }
            }
        }
    }
}

extension Activation {
    /// clip(x, −1, 1).
    public static let hardTanh = Activation(Activations.HardTanh())
}
