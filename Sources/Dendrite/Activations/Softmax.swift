import DendriteCore

extension Activations {
    /// Softmax along the last axis, `eˣⁱ / Σⱼ eˣʲ` (Keras `softmax`): `[…, n]` → `[…, n]`, each row
    /// positive and summing to 1. Losses taking logits fuse it with the cross-entropy.
    public struct Softmax: ActivationFunction {
        public var name: String { "softmax" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.softmax(alongAxis: -1) }
    }
}

extension Activation {
    /// Softmax along the last axis.
    public static let softmax = Activation(Activations.Softmax())
}
