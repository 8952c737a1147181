import DendriteCore

extension Activations {
    /// The rectified linear unit max(x, 0) (Keras `relu` with its default settings), element-wise,
    /// any shape. Derivative 1 for x > 0, else 0 (0 at the kink, as Keras and PyTorch). `Dense`
    /// and `Conv2D` fuse it into their products.
    public struct ReLU: ActivationFunction {
        public var name: String { "relu" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.relu() }
    }
}

extension Activation {
    /// max(x, 0).
    public static let relu = Activation(Activations.ReLU())
}
