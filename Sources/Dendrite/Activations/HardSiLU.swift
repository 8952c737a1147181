import DendriteCore

extension Activations {
    /// Hard SiLU, also called hard swish: `x · clip(x/6 + ½, 0, 1)` (Keras `hard_silu` and
    /// `hard_swish`), element-wise, any shape: 0 below −3, x above 3, `x(x + 3)/6` between.
    /// Derivative 0 for x < −3, `x/3 + ½` for −3 ≤ x ≤ 3, 1 above (PyTorch's choice at the kinks).
    public struct HardSiLU: ActivationFunction {
        public var name: String { "hard_silu" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}

        public func callAsFunction(_ x: Tensor) -> Tensor {
            x.unary("hardSilu", { $0 * Swift.min(Swift.max($0 / 6 + 0.5, 0), 1) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in x < -3 ? 0 : x <= 3 ? g * (x / 3 + 0.5) : g }
            }
        }
    }
}

extension Activation {
    /// x · clip(x/6 + ½, 0, 1).
    public static let hardSilu = Activation(Activations.HardSiLU())
    /// Hard SiLU's other name.
    public static let hardSwish = Activation.hardSilu
}
