import DendriteCore

/// A trainable weight of a layer: a named leaf tensor that optimizers update in place.
public final class Parameter: @unchecked Sendable {
    // `@unchecked`: a model and its parameters are trained from one thread at a time.

    /// `<layer name>.<parameter>`, e.g. `dense_1.kernel` (assigned when the model is built).
    public internal(set) var name: String
    /// The current value; it requires a gradient so that `backward()` reaches it.
    public var value: Tensor {
        didSet { if !value.requiresGradient { value.requiresGradient = true } }
    }
    /// A penalty added to the loss for this weight, if any.
    public let regularizer: Regularizer?
    /// False for a frozen layer: the optimizer leaves it alone.
    public var trainable: Bool

    public init(name: String, value: Tensor, regularizer: Regularizer? = nil, trainable: Bool = true) {
        self.name = name
        var leaf = value.detached()
        leaf.requiresGradient = true
        self.value = leaf
        self.regularizer = regularizer
        self.trainable = trainable
    }

    /// The gradient accumulated by the last `backward()`.
    public var gradient: Tensor? { value.gradient }
}
