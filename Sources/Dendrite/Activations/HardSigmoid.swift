import DendriteCore

extension Activations {
    /// The piecewise-linear sigmoid `clip(x/6 + ½, 0, 1)` (Keras 3 `hard_sigmoid`, as PyTorch),
    /// element-wise, any shape. Derivative 1/6 for −3 < x < 3, else 0.
    public struct HardSigmoid: ActivationFunction {
        public var name: String { "hard_sigmoid" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.hardSigmoid() }
    }
}

extension Activation {
    /// clip(x/6 + ½, 0, 1).
    public static let hardSigmoid = Activation(Activations.HardSigmoid())
}

extension Tensor {
    /// Piecewise-linear sigmoid `clip(x/6 + ½, 0, 1)` (Keras 3 and PyTorch).
    public func hardSigmoid() -> Tensor {
        unary("hardSigmoid", { Swift.min(Swift.max($0 / 6 + 0.5, 0), 1) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in x > -3 && x < 3 ? g / 6 : 0 }
        }
    }
}
