import DendriteCore

extension Activations {
    /// The Heaviside step, 1 where x ≥ 0 and 0 elsewhere (`step`; Keras has none). Element-wise,
    /// any shape. The perceptron's activation; its gradient is zero, so gradient descent cannot
    /// train through it.
    public struct Step: ActivationFunction {
        public var name: String { "step" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.step() }
    }
}

extension Activation {
    /// The Heaviside step (zero gradient).
    public static let step = Activation(Activations.Step())
}

extension Tensor {
    /// Heaviside step: 1 where x ≥ 0, else 0. Used by the perceptron; its gradient is zero.
    public func step() -> Tensor {
        unary("step", { $0 >= 0 ? 1 : 0 }) { x, _, _ in .zeros(x.shape) }
    }
}
