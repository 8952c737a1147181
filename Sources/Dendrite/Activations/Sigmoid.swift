import DendriteCore

extension Activations {
    /// The logistic function σ(x) = 1 / (1 + e⁻ˣ) (Keras `sigmoid`), element-wise, any shape.
    /// Derivative σ(x)(1 − σ(x)). `Dense` fuses it into its matrix product.
    public struct Sigmoid: ActivationFunction {
        public var name: String { "sigmoid" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.sigmoid() }
    }
}

extension Activation {
    /// σ(x) = 1 / (1 + e⁻ˣ).
    public static let sigmoid = Activation(Activations.Sigmoid())
}
