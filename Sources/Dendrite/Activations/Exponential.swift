import DendriteCore

extension Activations {
    /// `eˣ` (Keras `exponential`), element-wise, any shape; its derivative is itself.
    public struct Exponential: ActivationFunction {
        public var name: String { "exponential" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.exp() }
    }
}

extension Activation {
    /// eˣ.
    public static let exponential = Activation(Activations.Exponential())
}
