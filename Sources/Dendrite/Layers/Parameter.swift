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
    /// False for a frozen layer, and always for layer state: the optimizer leaves it alone.
    public var trainable: Bool {
        get { !isLayerState && isUnfrozen }
        set { isUnfrozen = newValue }
    }
    /// True for values the layer updates itself in its forward pass rather than by gradients
    /// (BatchNormalization's moving mean and variance): Keras' non-trainable weights.
    public let isLayerState: Bool
    private var isUnfrozen: Bool

    public init(name: String, value: Tensor, regularizer: Regularizer? = nil, trainable: Bool = true,
                isLayerState: Bool = false) {
        self.name = name
        var leaf = value.detached()
        leaf.requiresGradient = true
        self.value = leaf
        self.regularizer = regularizer
        self.isUnfrozen = trainable
        self.isLayerState = isLayerState
    }

    /// The gradient accumulated by the last `backward()`.
    public var gradient: Tensor? { value.gradient }
}
