import DendriteCore
import Foundation

/// A model: layers wired into a graph, plus Keras' training API (`compile`, `fit`, `evaluate`,
/// `predict`, `summary`, `save`).
///
/// The functional API builds one from symbolic tensors, with any number of inputs and outputs,
/// shared layers and nested models:
///
/// ```swift
/// let features = Input(shape: [30], name: "features")
/// let hidden = try Dense(16, activation: .relu)(features)
/// let residual = try Add()([hidden, try Dense(16)(hidden)])
/// let model = try Model(inputs: features, outputs: try Dense(1, activation: .sigmoid)(residual))
/// model.compile(optimizer: Adam(), loss: .binaryCrossentropy, metrics: [.accuracy])
/// ```
///
/// ``Sequential`` builds the same graph from a list of layers. A subclass may instead write its
/// own forward pass (Keras' subclassing): override ``layers`` (so that the model finds their
/// weights), ``build(inputShapes:generator:)`` (build each layer; unnamed layers are named first)
/// and ``call(_:training:)``:
///
/// ```swift
/// final class Residual: Model {
///     let hidden = Dense(8, activation: .relu), head = Dense(1)
///     init() { super.init(name: "residual") }
///     required convenience init(configuration: LayerConfiguration) throws { self.init() }
///     override var layers: [any GraphLayer] { [hidden, head] }
///     override func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
///         try hidden.build(inputShape: inputShapes[0], generator: &generator)
///         try head.build(inputShape: [8], generator: &generator)
///     }
///     override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
///         let h = hidden(inputs[0], training: training)
///         return [head(h + h, training: training)]
///     }
/// }
/// ```
///
/// All randomness (weights, dropout, shuffling) comes from `seed`.
open class Model: GraphLayer, @unchecked Sendable {
    // `@unchecked`: a model is trained and used from one thread at a time.

    public var name: String
    /// The seed all randomness started from (saved with the model).
    public let seed: UInt64
    /// The scaling new inputs need, saved with the model (``save(to:)``); `predict` does not apply it.
    public var preprocessing: FittedScaler?
    /// The text vectorization the model was trained with, saved with it (``save(to:)``), so that
    /// raw strings can be predicted after a load: ``predict(texts:batchSize:)``.
    public var textVectorization: TextVectorization?
    /// A name per output class, saved with the model.
    public var classNames: [String]?
    /// Set by a callback to end `fit` after the current epoch.
    public var stopTraining = false
    /// The sample shape of every input, once built.
    public internal(set) var inputShapes: [[Int]]?
    var generator: RandomGenerator
    var compiled: CompiledSettings?
    /// The layer calls, for graph models (functional and sequential) once built.
    var graph: Graph?

    /// A graph model from `inputs` to `outputs`; every layer on the way is named (if it has no
    /// name) and built, drawing its initial weights from a generator seeded with `seed`.
    ///
    /// - Throws: ``DendriteError`` when an output is not computed from the inputs, two layers
    ///   share a name, or a shared layer is called on shapes it cannot take.
    public init(inputs: [Input], outputs: [SymbolicTensor], name: String = "functional", seed: UInt64 = 0) throws {
        self.name = name
        self.seed = seed
        var generator = RandomGenerator(seed: seed)
        self.generator = generator
        try install(Graph(inputs: inputs, outputs: outputs, modelName: name), generator: &generator)
        self.generator = generator
    }

    /// A graph model with one input and one output.
    public convenience init(inputs: Input, outputs: SymbolicTensor, name: String = "functional", seed: UInt64 = 0) throws {
        try self.init(inputs: [inputs], outputs: [outputs], name: name, seed: seed)
    }

    /// A graph model with one input and several outputs.
    public convenience init(inputs: Input, outputs: [SymbolicTensor], name: String = "functional", seed: UInt64 = 0) throws {
        try self.init(inputs: [inputs], outputs: outputs, name: name, seed: seed)
    }

    /// A graph model with several inputs and one output.
    public convenience init(inputs: [Input], outputs: SymbolicTensor, name: String = "functional", seed: UInt64 = 0) throws {
        try self.init(inputs: inputs, outputs: [outputs], name: name, seed: seed)
    }

    /// A model whose graph or forward pass a subclass supplies (``Sequential``, subclassed models).
    public init(name: String, seed: UInt64 = 0) {
        self.name = name
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
    }

    public required convenience init(configuration: LayerConfiguration) throws {
        try self.init(functionalConfiguration: configuration)
    }

    /// `Functional` for a graph model; a subclass's own class name (under which it registers).
    open var typeName: String { type(of: self) == Model.self ? "Functional" : String(describing: type(of: self)) }

    /// The model's configuration in Keras 3's schema (``KerasModelSchema``): its layers, their
    /// calls, its inputs and outputs.
    /// A subclass without a graph records the input shapes it was built for.
    open var configuration: LayerConfiguration {
        if let graph { return LayerConfiguration(type: typeName, name: name, settings: KerasModelSchema.functionalSettings(graph)) }
        return LayerConfiguration(type: typeName, name: name, settings: [
            "build_input_shapes": inputShapes.map { .array($0.map(KerasModelSchema.shapeJSON)) } ?? .null])
    }

    // MARK: Structure

    /// Every layer once, in the order of first use (inputs first).
    open var layers: [any GraphLayer] { graph?.layers ?? [] }

    /// Every layer, those inside nested models and composite layers included.
    var allLayers: [any GraphLayer] { layers.flatMap(Model.withInnerLayers) }

    private static func withInnerLayers(_ layer: any GraphLayer) -> [any GraphLayer] {
        if let model = layer as? Model { return [model] + model.allLayers }
        if let composite = layer as? any CompositeLayer { return [composite] + composite.sublayers.flatMap(withInnerLayers) }
        return [layer]
    }

    /// Every weight of every layer, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public var isBuilt: Bool { inputShapes != nil }

    /// The model's inputs (graph models).
    public var inputs: [Input] { graph?.inputs ?? [] }

    /// The names of the layers that make the outputs (Keras' `output_names`), in output order.
    public var outputNames: [String] { graph?.outputs.map(\.producer.name) ?? ["output"] }

    /// The sample shape of every output, once built.
    public var outputShapes: [[Int]]? { inputShapes.flatMap { try? outputShapes(for: $0) } }

    /// The sample shape of every input the model expects: the built ones, else the declared ones.
    open var expectedInputShapes: [[Int]]? { inputShapes }

    /// Installs a graph: names its unnamed layers (`dense`, `dense_1`, … unique within the model
    /// and any nested model) and builds every layer, in the order of first use, drawing from `generator`.
    func install(_ graph: Graph, generator buildGenerator: inout RandomGenerator) throws {
        try assignNames(to: graph.layers)
        var built = Set<ObjectIdentifier>()
        let limits = ResourceLimits.current
        var weightBytes = 0
        for step in graph.steps {
            // A layer built before (shared with another model, or called twice here) keeps its weights.
            if built.insert(ObjectIdentifier(step.layer)).inserted, !step.layer.isBuilt {
                do { try step.layer.build(inputShapes: step.inputShapes, generator: &buildGenerator) } catch let error as DendriteError
                    where error.kind == .resourceLimit {
                    throw DendriteError(.resourceLimit, "\(name): layer '\(step.layer.name)' (\(step.layer.typeName)): \(error.message)")
                }
                // Each weight fits the tensor limit, so the model limit is checked layer by layer.
                weightBytes += step.layer.parameters.reduce(0) { $0 + 4 * $1.value.count }
                try limits.requireModel(bytes: weightBytes, "\(name): up to layer '\(step.layer.name)' (\(step.layer.typeName))")
            } else {
                _ = try step.layer.outputShapes(for: step.inputShapes)
            }
        }
        for input in graph.inputs { try input.build(inputShape: input.shape, generator: &buildGenerator) }
        self.graph = graph
        self.inputShapes = graph.inputs.map(\.shape)
    }

    /// Names the unnamed layers Keras' way (`dense`, `dense_1`, …), unique within the model and any
    /// nested model; two layers given the same name are an error.
    func assignNames(to layers: [any GraphLayer]) throws {
        var taken = Set<String>()
        for layer in layers where !layer.name.isEmpty {
            guard taken.insert(layer.name).inserted else {
                throw DendriteError.argument("\(name): two layers are named '\(layer.name)'; layer names must be unique")
            }
            if let nested = layer as? Model { taken.formUnion(nested.allLayers.map(\.name)) }
        }
        for layer in layers where layer.name.isEmpty {
            let base = Model.snakeCase(layer is Input ? "input_layer" : layer.typeName)
            var candidate = base, index = 0
            while taken.contains(candidate) { index += 1; candidate = "\(base)_\(index)" }
            layer.name = candidate
            taken.insert(candidate)
        }
    }

    /// Creates every layer's weights for samples of `inputShapes` (without the batch axis),
    /// drawing from the model's generator. Does nothing when built for these shapes.
    ///
    /// - Throws: ``DendriteError`` naming the expected and the given shapes.
    public func build(inputShapes shapes: [[Int]]) throws {
        if let built = inputShapes { return try requireInputShapes(shapes, built) }
        if graph == nil { try assignNames(to: layers) }
        var buildGenerator = generator
        try build(inputShapes: shapes, generator: &buildGenerator)
        generator = buildGenerator
        if inputShapes == nil { inputShapes = shapes }
    }

    /// Builds a model with one input for samples of `inputShape`.
    public func build(inputShape: [Int]) throws { try build(inputShapes: [inputShape]) }

    /// A graph model is built when it is made; this checks that `shapes` are its input shapes.
    /// Subclasses that write their own forward pass build their layers here.
    open func build(inputShapes shapes: [[Int]], generator: inout RandomGenerator) throws {
        guard let built = inputShapes else {
            throw DendriteError.argument("\(name): \(typeName) must override build(inputShapes:generator:) to create its layers' weights")
        }
        try requireInputShapes(shapes, built)
    }

    func requireInputShapes(_ shapes: [[Int]], _ expected: [[Int]]) throws {
        guard shapes.count == expected.count else {
            throw DendriteError.shape("\(name): the model takes \(expected.count) input(s), got \(shapes.count)")
        }
        for (index, (shape, wanted)) in zip(shapes, expected).enumerated() where shape != wanted {
            let label = expected.count == 1 ? "samples" : "input \(index) (\(inputNameList[index]))"
            throw DendriteError.shape("\(name): built for \(label) of shape \(wanted), got shape \(shape)")
        }
    }

    var inputNameList: [String] { graph.map { $0.inputs.map(\.name) } ?? (inputShapes ?? []).indices.map { "input_\($0)" } }

    open func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        if let expected = self.inputShapes { try requireInputShapes(inputShapes, expected) }
        if let graph { return graph.outputs.map(\.shape) }
        try build(inputShapes: inputShapes)
        // A subclass's forward pass tells its output shapes by running on one zero sample.
        let probe = GradientMode.disabled { call(inputShapes.map { Tensor.zeros([1] + $0) }, training: false) }
        return probe.map { Array($0.shape.dropFirst()) }
    }

    // MARK: Computing

    /// The outputs for a batch of every input; `training` switches dropout on.
    open func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        guard let graph else { preconditionFailure("\(name): \(typeName) must override call(_:training:) or be built from a graph") }
        return graph.run(inputs, training: training).outputs
    }

    /// The output of a model with one input and one output.
    public func callAsFunction(_ input: Tensor, training: Bool = false) -> Tensor {
        let outputs = call([input], training: training)
        precondition(outputs.count == 1, "\(name) has \(outputs.count) outputs; call it with an array")
        return outputs[0]
    }

    /// The outputs, and for each output whose layer ends in the activation `fusing` names, its
    /// logits (so the loss can use the fused stable form). Models without a graph give no logits.
    /// Graph models also give each output's mask (nil where it has none), which the loss applies.
    func forward(_ inputs: [Tensor], training: Bool,
                 fusing: [Activation?]) -> (outputs: [Tensor], logits: [Tensor?], masks: [Tensor?]) {
        guard let graph else {
            let outputs = call(inputs, training: training)
            let none = [Tensor?](repeating: nil, count: outputs.count)
            return (outputs, none, none)
        }
        return graph.run(inputs, training: training, fusing: fusing)
    }

    /// The sum of the trainable weights' penalties (a scalar tensor that is part of the graph); a
    /// frozen weight's penalty is left out, as Keras does.
    func regularizationLoss(of parameters: [Parameter]? = nil) -> Tensor? {
        let penalties = (parameters ?? self.parameters).compactMap { parameter in
            parameter.trainable ? parameter.regularizer.map { $0.penalty(parameter.value) } : nil
        }
        return penalties.isEmpty ? nil : penalties.dropFirst().reduce(penalties[0], +)
    }

    open func validate(inputs: [Tensor]) throws {
        guard let graph else { return }
        for step in graph.steps where step.arguments.allSatisfy({ $0 < graph.inputs.count }) {
            try step.layer.validate(inputs: step.arguments.map { inputs[$0] })
        }
    }

    // MARK: Weights

    /// Copies of every weight, in ``parameters`` order (for `restoreBestWeights` and saving).
    public internal(set) var weights: [Tensor] {
        get { parameters.map { $0.value.detached() } }
        set {
            let parameters = self.parameters
            precondition(newValue.count == parameters.count, "weights: \(newValue.count) tensors for \(parameters.count) parameters")
            for (parameter, value) in zip(parameters, newValue) {
                precondition(parameter.value.shape == value.shape,
                             "weights: shape \(value.shape) for \(parameter.name) of shape \(parameter.value.shape)")
                parameter.value = value
            }
        }
    }

    /// Replaces every weight, in ``parameters`` order (Keras' `set_weights`).
    ///
    /// - Throws: ``DendriteError`` if the model is not built, the count differs, or a tensor's shape
    ///   differs from its parameter's, naming the parameter; nothing is changed then.
    public func setWeights(_ newWeights: [Tensor]) throws {
        let current = parameters
        guard !current.isEmpty || newWeights.isEmpty else {
            throw DendriteError.argument("setWeights: \(name) has no weights yet (build it or give it an input shape first)")
        }
        guard newWeights.count == current.count else {
            throw DendriteError.shape("setWeights: \(newWeights.count) tensors for the \(current.count) weights of \(name)")
        }
        for (parameter, value) in zip(current, newWeights) where parameter.value.shape != value.shape {
            throw DendriteError.shape("setWeights: shape \(value.shape) for \(parameter.name), which has shape \(parameter.value.shape)")
        }
        if let bad = newWeights.firstIndex(where: { $0.firstNonFiniteIndex != nil }) {
            throw DendriteError.data("setWeights: the tensor for \(current[bad].name) contains a non-finite value")
        }
        weights = newWeights
    }

    /// Keras' `to_snake_case`: an underscore before a capital that starts a lower-case word or
    /// follows a lower-case letter (`SimpleRNN` → `simple_rnn`, `LSTM` → `lstm`, `Conv2D` → `conv2d`).
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase && index > 0 {
                let previous = characters[index - 1]
                let startsWord = index + 1 < characters.count && characters[index + 1].isLowercase
                if startsWord || previous.isLowercase { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }
}
