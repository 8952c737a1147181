import DendriteCore

/// A trainable weight of a layer: a named leaf tensor that optimizers update in place.
public final class Parameter: @unchecked Sendable {
    // `@unchecked`: a model and its parameters are trained from one thread at a time.

    /// `<layer name>.<parameter>`, e.g. `dense_1.kernel` (assigned when the model is built).
    public internal(set) var name: String
    /// The current value. It requires a gradient exactly while the weight is ``trainable``, so that
    /// `backward()` reaches a trainable weight and never differentiates a frozen one (as Keras).
    public var value: Tensor {
        didSet { if value.requiresGradient != trainable { value.requiresGradient = trainable } }
    }
    /// A penalty added to the loss for this weight, if any.
    public let regularizer: Regularizer?
    /// False for a frozen layer, and always for layer state: no gradient is computed for it and
    /// the optimizer leaves it alone. Freezing drops any gradient it had; unfreezing starts afresh.
    public var trainable: Bool {
        get { !isLayerState && isUnfrozen }
        set {
            isUnfrozen = newValue
            if value.requiresGradient != trainable { value.requiresGradient = trainable }
        }
    }
    /// True for values the layer updates itself in its forward pass rather than by gradients
    /// (BatchNormalization's moving mean and variance): Keras' non-trainable weights.
    public let isLayerState: Bool
    private var isUnfrozen: Bool

    public init(name: String, value: Tensor, regularizer: Regularizer? = nil, trainable: Bool = true,
                isLayerState: Bool = false) {
        self.name = name
        self.regularizer = regularizer
        self.isUnfrozen = trainable
        self.isLayerState = isLayerState
        var leaf = value.detached()
        leaf.requiresGradient = !isLayerState && trainable
        self.value = leaf
    }

    /// The gradient accumulated by `backward()` since the last optimizer step (nil while frozen).
    public var gradient: Tensor? { value.gradient }
}
