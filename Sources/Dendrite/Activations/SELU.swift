import DendriteCore

extension Activations {
    /// The scaled ELU, `λ·x` for x > 0 and `λ·α·(eˣ − 1)` otherwise, with the self-normalising
    /// constants α ≈ 1.6733 and λ ≈ 1.0507 (Keras `selu`), element-wise, any shape.
    public struct SELU: ActivationFunction {
        public var name: String { "selu" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.selu() }
    }
}

extension Activation {
    /// Scaled ELU with the self-normalising constants.
    public static let selu = Activation(Activations.SELU())
}

extension Tensor {
    /// Scaled ELU with the self-normalising constants (α ≈ 1.6733, λ ≈ 1.0507).
    public func selu() -> Tensor {
        let alpha: Float = 1.673_263_2, scale: Float = 1.050_701
        return unary("selu", { $0 > 0 ? scale * $0 : scale * alpha * (_exp($0) - 1) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in g * (x > 0 ? scale : scale * alpha * _exp(x)) }
        }
    }
}
