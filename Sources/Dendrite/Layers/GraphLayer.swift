import DendriteCore

/// What a model graph calls: a layer that maps a list of tensors to a list of tensors (Keras'
/// layer seen from the functional API).
///
/// Most layers take one tensor and give one; they conform to ``Layer``, which supplies everything
/// here. Layers with several inputs (``Add``, ``Concatenate``, attention) and nested models conform
/// to `GraphLayer` directly. Shapes leave out the batch axis.
public protocol GraphLayer: AnyObject {
    /// Unique within a model (`dense`, `dense_1`, …); assigned by the model when empty.
    var name: String { get set }
    /// Keras' class name, e.g. `Dense`.
    var typeName: String { get }
    /// Weights, in a fixed order; empty before `build`.
    var parameters: [Parameter] { get }
    /// Whether the weights exist (always true for a layer without weights once built).
    var isBuilt: Bool { get }
    /// The sample shape given at construction (`Dense(16, inputShape: [30])`), if any.
    var declaredInputShape: [Int]? { get }
    /// Creates the weights for inputs of `inputShapes`, drawing random numbers from `generator`.
    func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws
    /// The output shapes for input shapes, or an error naming the layer and the shapes.
    func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]]
    /// The layer's function on batches; `training` switches dropout and similar behaviour.
    func call(_ inputs: [Tensor], training: Bool) -> [Tensor]
    /// Refuses user data the layer cannot compute on (see ``Layer/validate(input:)``).
    func validate(inputs: [Tensor]) throws
    /// Whether a mask may reach the layer (Keras' `supports_masking`): a layer that passes masks on
    /// or consumes them. A model refuses to call a layer without it on a masked tensor. False by default.
    var supportsMasking: Bool { get }
    /// The masks of the outputs (Keras' `compute_mask`), each `[batch, steps]` of 0 and 1 or nil,
    /// given the inputs and their masks. By default a layer that supports masking passes its
    /// first input's mask on and any other gives none. See docs/masks.md.
    func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?]
    /// The layer's function on batches whose time steps are masked: `masks[i]` (nil when input `i`
    /// has none) is `[batch, steps]` with 1 for a step to use and 0 for padding. By default the
    /// masks are ignored (right for layers that only pass them on).
    func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor]
    /// Everything needed to rebuild the layer (Keras' `get_config`).
    var configuration: LayerConfiguration { get }
    /// An unbuilt layer with the settings of `configuration` (Keras' `from_config`).
    init(configuration: LayerConfiguration) throws
}

extension GraphLayer {
    public var declaredInputShape: [Int]? { nil }
    public func validate(inputs: [Tensor]) throws {}
    public var supportsMasking: Bool { false }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] {
        [supportsMasking ? masks.first ?? nil : nil]
    }
    public func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] { call(inputs, training: training) }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Freezes (false) or unfreezes every weight of the layer.
    public var trainable: Bool {
        get { parameters.filter { !$0.isLayerState }.allSatisfy(\.trainable) }
        set { parameters.forEach { $0.trainable = newValue } }
    }

    /// Inference on a list of batches.
    public func callAsFunction(_ inputs: [Tensor]) -> [Tensor] { call(inputs, training: false) }

    /// Throws unless exactly `count` inputs are given (a layer's own arity check).
    public func requireInputCount(_ shapes: [[Int]], _ count: ClosedRange<Int>) throws {
        guard count.contains(shapes.count) else {
            let expected = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
            throw DendriteError.shape("\(name): \(typeName) takes \(expected) input(s), got \(shapes.count)")
        }
    }
}
