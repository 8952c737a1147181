import DendriteCore

extension Activations {
    /// ReLU capped at 6, `min(max(x, 0), 6)` (Keras `relu6`), element-wise, any shape.
    /// Derivative 1 for 0 < x < 6, else 0 (as PyTorch at the kinks).
    public struct ReLU6: ActivationFunction {
        public var name: String { "relu6" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("relu6", { Swift.min(Swift.max($0, 0), 6) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in x > 0 && x < 6 ? g : 0 }
            }
        }
    }
}

extension Activation {
    /// min(max(x, 0), 6).
    public static let relu6 = Activation(Activations.ReLU6())
}
