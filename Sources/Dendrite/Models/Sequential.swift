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
/// The input size is taken from the first layer's `inputShape:`, an `Input(shape:)` layer, or the
/// data the model first sees. All randomness (weights, dropout, shuffling) comes from `seed`.
public final class Sequential: @unchecked Sendable {
    // `@unchecked`: a model is trained and used from one thread at a time.

    public var name: String
    /// The seed all randomness started from (saved with the model).
    public let seed: UInt64
    /// The scaling new inputs need, saved with the model (``save(to:)``); `predict` does not apply it.
    public var preprocessing: FittedScaler?
    /// A name per output class, saved with the model.
    public var classNames: [String]?
    public private(set) var layers: [any Layer] = []
    /// Shape of one input sample, once known.
    public private(set) var inputShape: [Int]?
    /// Set by a callback to end `fit` after the current epoch.
    public var stopTraining = false
    var generator: RandomGenerator
    var compiled: CompiledSettings?

    public init(_ layers: [any Layer] = [], seed: UInt64 = 0, name: String = "sequential") {
        self.name = name
        self.seed = seed
        self.generator = RandomGenerator(seed: seed)
        for layer in layers { add(layer) }
    }

    public convenience init(seed: UInt64 = 0, name: String = "sequential",
                            @LayerBuilder _ layers: () throws -> [any Layer]) rethrows {
        self.init(try layers(), seed: seed, name: name)
    }

    /// Appends a layer, naming it Keras' way (`dense`, `dense_1`, …) if it has no name.
    public func add(_ layer: any Layer) {
        if layer.name.isEmpty {
            let base = Sequential.snakeCase(layer.typeName == "InputLayer" ? "input_layer" : layer.typeName)
            let taken = Set(layers.map(\.name))
            var candidate = base, index = 0
            while taken.contains(candidate) { index += 1; candidate = "\(base)_\(index)" }
            layer.name = candidate
        }
        layers.append(layer)
    }

    /// Every weight of every layer, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Whether the weights exist.
    public var isBuilt: Bool { inputShape != nil }

    /// Creates every layer's weights for samples of `inputShape` (without the batch axis).
    public func build(inputShape: [Int]) throws {
        if let built = self.inputShape {
            guard built == inputShape else {
                throw DendriteError.shape("\(name): built for samples of shape \(built), got samples of shape \(inputShape)")
            }
            return
        }
        guard !layers.isEmpty else { throw DendriteError.argument("\(name): the model has no layers") }
        var shape = inputShape
        for layer in layers {
            try layer.build(inputShape: shape, generator: &generator)
            shape = try layer.outputShape(for: shape)
        }
        self.inputShape = inputShape
    }

    /// The shape of one sample the model expects: the built one, else the declared one.
    var expectedInputShape: [Int]? { inputShape ?? layers.first?.declaredInputShape }

    /// The layers that compute something: all but an `Input` (which only declares the sample shape).
    var computingLayers: LazyFilterSequence<[any Layer]> { layers.lazy.filter { !($0 is Input) } }

    /// Output shape of one sample, once the input shape is known.
    public var outputShape: [Int]? {
        guard var shape = expectedInputShape else { return nil }
        for layer in layers {
            guard let next = try? layer.outputShape(for: shape) else { return nil }
            shape = next
        }
        return shape
    }

    /// Runs the layers; `training` switches dropout on.
    public func callAsFunction(_ input: Tensor, training: Bool = false) -> Tensor {
        layers.reduce(input) { $1($0, training: training) }
    }

    /// The output, and the logits of a final sigmoid/softmax when `fusing` names that activation.
    func forward(_ input: Tensor, training: Bool, fusing activation: Activation?) -> (output: Tensor, logits: Tensor?) {
        guard let activation, let last = layers.last as? ActivatedLayer, last.activation == activation else {
            return (self(input, training: training), nil)
        }
        let hidden = layers.dropLast().reduce(input) { $1($0, training: training) }
        let logits = last.preActivation(hidden, training: training)
        return (activation(logits.detached()), logits)
    }

    /// The sum of every weight penalty (a scalar tensor that is part of the graph).
    func regularizationLoss(of parameters: [Parameter]? = nil) -> Tensor? {
        let penalties = (parameters ?? self.parameters).compactMap { parameter in
            parameter.regularizer.map { $0.penalty(parameter.value) }
        }
        return penalties.isEmpty ? nil : penalties.dropFirst().reduce(penalties[0], +)
    }

    /// Copies of every weight, in ``parameters`` order (for `restoreBestWeights` and saving).
    public internal(set) var weights: [Tensor] {
        get { parameters.map { $0.value.detached() } }
        set {
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
