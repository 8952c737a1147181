import DendriteCore

extension Activations {
    /// The hyperbolic tangent (Keras `tanh`), element-wise, any shape. Derivative 1 − tanh²(x).
    /// `Dense` fuses it into its matrix product.
    public struct Tanh: ActivationFunction {
        public var name: String { "tanh" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.tanh() }
    }
}

extension Activation {
    /// The hyperbolic tangent.
    public static let tanh = Activation(Activations.Tanh())
}
