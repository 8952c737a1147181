import DendriteCore

extension Activations {
    /// The logarithm of the softmax along the last axis, `xᵢ − log Σⱼ eˣʲ` (Keras `log_softmax`):
    /// `[…, n]` → `[…, n]`, computed stably (the row maximum is subtracted first).
    public struct LogSoftmax: ActivationFunction {
        public var name: String { "log_softmax" }
        public init() {}
        public init(configuration: ActivationConfiguration) throws {}
        public func callAsFunction(_ x: Tensor) -> Tensor { x.logSoftmax(alongAxis: -1) }
    }
}

extension Activation {
    /// log(softmax(x)) along the last axis.
    public static let logSoftmax = Activation(Activations.LogSoftmax())
}
