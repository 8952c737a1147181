import DendriteCore

/// The life cycle every layer shares (as in Keras): `init` stores settings, `build(inputShape:)`
/// creates the weights once the input size is known, `callAsFunction(_:training:)` computes.
///
/// A `Layer` maps one tensor to one tensor; layers with several inputs or outputs conform to
/// ``GraphLayer``. Shapes passed to layers leave out the batch axis: a Dense layer on 30 features
/// sees `[30]`.
public protocol Layer: GraphLayer {
    /// The input shape fixed by `build`, or nil while unbuilt.
    var inputShape: [Int]? { get }
    /// Creates the weights for inputs of `inputShape`, drawing random numbers from `generator`.
    func build(inputShape: [Int], generator: inout RandomGenerator) throws
    /// The output shape for an input shape, or an error naming the layer and the shapes.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// The layer's function on a batch; `training` switches dropout and similar behaviour.
    func callAsFunction(_ input: Tensor, training: Bool) -> Tensor
    /// The layer's function on a batch whose time steps are masked (`mask` `[batch, steps]`, 1 for a
    /// step to use, 0 for padding). By default the mask is ignored: right for layers that only
    /// pass it on (``GraphLayer/supportsMasking``); layers that consume masks override it.
    func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor
    /// Refuses user data the layer cannot compute on (an ``Embedding``'s ids outside its
    /// vocabulary) with a ``DendriteError`` naming the layer, the value and the sample, rather
    /// than a trap inside the maths. `fit`, `evaluate`, `trainOnBatch` and `predict` call it on
    /// the layers that read a model input, with the whole data set, before computing anything.
    /// The default accepts every input.
    func validate(input: Tensor) throws
}

extension Layer {
    public func validate(input: Tensor) throws {}
    public var isBuilt: Bool { inputShape != nil }

    /// Inference on a batch.
    public func callAsFunction(_ input: Tensor) -> Tensor { self(input, training: false) }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        try requireInputCount(inputShapes, 1...1)
        try build(inputShape: inputShapes[0], generator: &generator)
    }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try requireInputCount(inputShapes, 1...1)
        return [try outputShape(for: inputShapes[0])]
    }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        precondition(inputs.count == 1, "\(name): \(typeName) takes 1 input, got \(inputs.count)")
        return [self(inputs[0], training: training)]
    }

    public func validate(inputs: [Tensor]) throws {
        if inputs.count == 1 { try validate(input: inputs[0]) }
    }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor { self(input, training: training) }

    public func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        precondition(inputs.count == 1 && masks.count == 1, "\(name): \(typeName) takes 1 input, got \(inputs.count)")
        return [self(inputs[0], mask: masks[0], training: training)]
    }
}

/// A layer whose last step is an activation function. A model output made by one can hand the
/// pre-activation values (logits) to a matching loss, which then uses the fused stable form.
public protocol ActivatedLayer: Layer {
    var activation: Activation { get }
    /// The output before the activation is applied.
    func preActivation(_ input: Tensor, training: Bool) -> Tensor
}
