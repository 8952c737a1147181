import DendriteCore

extension Activations {
    /// `x − tanh(x)` (Keras `tanh_shrink`), element-wise, any shape. Derivative `tanh²(x)`.
    public struct TanhShrink: ActivationFunction {
        public var name: String { "tanh_shrink" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("tanhShrink", { $0 - _tanh($0) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in
                    let t = _tanh(x)
                    return g * t * t
                }
            }
        }
    }
}

extension Activation {
    /// x − tanh(x).
    public static let tanhShrink = Activation(Activations.TanhShrink())
}
