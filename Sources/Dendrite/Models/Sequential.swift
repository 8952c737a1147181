import DendriteCore
import Foundation

/// A stack of layers applied one after another, trained Keras' way:
///
/// ```swift
/// let model = Sequential {
///     Dense(16, activation: .relu)
///     Dense(1, activation: .sigmoid)
/// }
/// model.compile(optimizer: Adam(), loss: .binaryCrossentropy, metrics: [.accuracy])
/// let history = try model.fit(x, y, epochs: 50, batchSize: 32)
/// ```
///
/// It builds the same graph as the functional API (``Model``), once the input size is known:
/// from the first layer's `inputShape:`, an `Input(shape:)` layer, or the data the model first
/// sees. All randomness (weights, dropout, shuffling) comes from `seed`.
public final class Sequential: Model, @unchecked Sendable {
    private var stack: [any GraphLayer] = []

    public init(_ layers: [any GraphLayer] = [], seed: UInt64 = 0, name: String = "sequential") {
        super.init(name: name, seed: seed)
        for layer in layers { add(layer) }
    }

    public convenience init(seed: UInt64 = 0, name: String = "sequential",
                            @LayerBuilder _ layers: () throws -> [any GraphLayer]) rethrows {
        self.init(try layers(), seed: seed, name: name)
    }

    public required convenience init(configuration: LayerConfiguration) throws {
        try self.init(sequentialConfiguration: configuration)
    }

    public override var typeName: String { "Sequential" }

    public override var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name,
                           settings: KerasModelSchema.sequentialSettings(layers, inputShape: inputShape ?? expectedInputShape))
    }

    /// Before the graph exists, the first computing layer checks the data.
    public override func validate(inputs: [Tensor]) throws {
        if graph != nil { return try super.validate(inputs: inputs) }
        try stack.first { !($0 is Input) }?.validate(inputs: inputs)
    }

    /// The layers in order, an `Input` first if one was given.
    public override var layers: [any GraphLayer] { stack }

    /// Appends a layer, naming it Keras' way (`dense`, `dense_1`, …) if it has no name.
    public func add(_ layer: any GraphLayer) {
        if layer.name.isEmpty {
            let base = Model.snakeCase(layer is Input ? "input_layer" : layer.typeName)
            let taken = Set(stack.map(\.name))
            var candidate = base, index = 0
            while taken.contains(candidate) { index += 1; candidate = "\(base)_\(index)" }
            layer.name = candidate
        }
        stack.append(layer)
        // Rebuilt on next use; layers already built keep their weights.
        graph = nil
        inputShapes = nil
    }

    /// Shape of one input sample, once built.
    public var inputShape: [Int]? { inputShapes?.first }

    /// The shape of one sample the model expects: the built one, else the declared one.
    var expectedInputShape: [Int]? { inputShape ?? stack.first?.declaredInputShape }

    public override var expectedInputShapes: [[Int]]? { expectedInputShape.map { [$0] } }

    /// Output shape of one sample, once the input shape is known.
    public var outputShape: [Int]? {
        guard let shape = expectedInputShape else { return nil }
        return try? outputShapes(for: [shape]).first
    }

    /// Builds the chain of layer calls for samples of `shapes` (one input) and every layer's weights.
    public override func build(inputShapes shapes: [[Int]], generator: inout RandomGenerator) throws {
        if let built = inputShapes { return try requireInputShapes(shapes, built) }
        guard !stack.isEmpty else { throw DendriteError.argument("\(name): the model has no layers") }
        guard shapes.count == 1 else { throw DendriteError.shape("\(name): a Sequential model takes 1 input, got \(shapes.count)") }
        let input = (stack.first as? Input) ?? Input(shape: shapes[0], name: "input_layer")
        _ = try input.outputShape(for: shapes[0])
        var tensor: SymbolicTensor = input
        for layer in stack where layer !== input {
            let outputs = try layer.symbolicOutputs([tensor])
            guard outputs.count == 1 else {
                throw DendriteError.shape("\(name): layer '\(layer.name)' gives \(outputs.count) outputs; a Sequential model needs one per layer")
            }
            tensor = outputs[0]
        }
        try install(Graph(inputs: [input], outputs: [tensor], modelName: name), generator: &generator)
    }

    public override func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        if let expected = self.inputShapes { try requireInputShapes(inputShapes, expected) }
        if let graph { return graph.outputs.map(\.shape) }
        guard inputShapes.count == 1 else { throw DendriteError.shape("\(name): a Sequential model takes 1 input, got \(inputShapes.count)") }
        var shapes = inputShapes
        for layer in stack { shapes = try layer.outputShapes(for: shapes) }
        return shapes
    }
}
