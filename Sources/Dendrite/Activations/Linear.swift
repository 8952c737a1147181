import DendriteCore

extension Activations {
    /// The identity, `f(x) = x` (Keras `linear`): a layer without an activation. Any shape.
    public struct Linear: ActivationFunction {
        public var name: String { "linear" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x }
    }
}

extension Activation {
    /// The identity (`Dense`'s default).
    public static let linear = Activation(Activations.Linear())
}
