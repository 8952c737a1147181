import DendriteCore

/// Softmax as a layer (Keras' `Softmax`): `f(x) = e^(x − max) / Σ e^(x − max)` along `axis`
/// (default -1, the last). Axes count the batch axis as Keras does: on `[batch, steps, classes]`,
/// `-1` and `2` are the classes, `1` the steps. Any shape: `[batch, …] → [batch, …]`.
///
/// Several axes normalise over all of them at once: `exp(x − logΣexp(x))`, as Keras.
public final class Softmax: Layer {
    public var name: String
    public var typeName: String { "Softmax" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let axes: [Int]
    public private(set) var inputShape: [Int]?

    public init(axis: Int = -1, name: String = "") {
        self.axes = [axis]
        self.name = name
    }

    /// Softmax over several axes together.
    public init(axes: [Int], name: String = "") {
        self.axes = axes
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let rank = inputShape.count + 1
        guard !axes.isEmpty else { throw DendriteError.argument("\(name): Softmax needs at least one axis") }
        if let axis = axes.first(where: { !(-rank..<rank).contains($0) }) {
            throw DendriteError.argument("\(name): Softmax axis \(axis) is out of range for inputs of rank \(rank) (batch axis included; shape [batch] + \(inputShape))")
        }
        guard Set(axes.map { $0 < 0 ? $0 + rank : $0 }).count == axes.count else {
            throw DendriteError.argument("\(name): Softmax axes \(axes) name an axis twice")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        if axes.count == 1 { return input.softmax(alongAxis: axes[0]) }
        let resolved = axes.map { $0 < 0 ? $0 + input.rank : $0 }
        return (input - input.logSumExp(alongAxes: resolved, keepingDimensions: true)).exp()
    }

    /// One axis is written as an integer, several as a list (Keras' forms).
    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable,
                           settings: ["axis": axes.count == 1 ? .int(axes[0]) : .array(axes.map(JSONValue.int))])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        if case .array = try configuration.value("axis") {
            self.init(axes: try configuration.integers("axis"), name: configuration.name)
        } else {
            self.init(axis: try configuration.int("axis"), name: configuration.name)
        }
    }
}
