import DendriteCore

/// The life cycle every layer shares (as in Keras): `init` stores settings, `build(inputShape:)`
/// creates the weights once the input size is known, `callAsFunction(_:training:)` computes.
///
/// Shapes passed to layers leave out the batch axis: a Dense layer on 30 features sees `[30]`.
public protocol Layer: AnyObject {
    /// Unique within a model (`dense`, `dense_1`, …); assigned by the model when empty.
    var name: String { get set }
    /// Keras' class name, e.g. `Dense`.
    var typeName: String { get }
    /// Weights, in a fixed order; empty before `build`.
    var parameters: [Parameter] { get }
    /// The input shape fixed by `build`, or nil while unbuilt.
    var inputShape: [Int]? { get }
    /// The shape given at construction (`Dense(16, inputShape: [30])`), if any.
    var declaredInputShape: [Int]? { get }
    /// Creates the weights for inputs of `inputShape`, drawing random numbers from `generator`.
    func build(inputShape: [Int], generator: inout RandomGenerator) throws
    /// The output shape for an input shape, or an error naming the layer and the shapes.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// The layer's function on a batch; `training` switches dropout and similar behaviour.
    func callAsFunction(_ input: Tensor, training: Bool) -> Tensor
    /// Refuses user data the layer cannot compute on (an ``Embedding``'s ids outside its
    /// vocabulary) with a ``DendriteError`` naming the layer, the value and the sample, rather
    /// than a trap inside the maths. `fit`, `evaluate`, `trainOnBatch` and `predict` call it on the
    /// model's first layer (the first after an `Input`) with the whole data set, before computing
    /// anything. The default accepts every input.
    func validate(input: Tensor) throws
    /// Everything needed to rebuild the layer (Keras' `get_config`); saved in `config.json`.
    var configuration: LayerConfiguration { get }
    /// An unbuilt layer with the settings of `configuration` (Keras' `from_config`); throws
    /// ``DendriteError`` (`.invalidFile`) naming the setting that is missing or malformed.
    init(configuration: LayerConfiguration) throws
}

extension Layer {
    public var declaredInputShape: [Int]? { nil }
    public func validate(input: Tensor) throws {}
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Freezes (false) or unfreezes every weight of the layer.
    public var trainable: Bool {
        get { parameters.filter { !$0.isLayerState }.allSatisfy(\.trainable) }
        set { parameters.forEach { $0.trainable = newValue } }
    }

    /// Inference on a batch.
    public func callAsFunction(_ input: Tensor) -> Tensor { self(input, training: false) }
}

/// A layer whose last step is an activation function. A model that ends in one can hand the
/// pre-activation values (logits) to a matching loss, which then uses the fused stable form.
public protocol ActivatedLayer: Layer {
    var activation: Activation { get }
    /// The output before the activation is applied.
    func preActivation(_ input: Tensor, training: Bool) -> Tensor
}
