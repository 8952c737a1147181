import DendriteCore

/// Scales each sample to unit Euclidean length over `axis` (Keras' `UnitNormalization`):
///
///     y = x / ‖x‖₂      ‖x‖₂ over the axes, at least 10⁻¹² (Keras' ε, so that zeros stay zeros)
///
/// `axis` counts the batch axis as Keras does (−1, the default, is the last axis; several axes are
/// normalised together; the batch axis cannot be one). No weights. Shapes: output as input.
///
/// ```swift
/// UnitNormalization()              // each feature vector to length 1
/// UnitNormalization(axis: [1, 2])  // each [steps, features] sample as a whole
/// ```
public final class UnitNormalization: Layer {
    public var name: String
    public var typeName: String { "UnitNormalization" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    /// The normalised axes, batch axis counted, as given (negative counts from the end).
    public let axis: [Int]
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?

    public init(axis: [Int] = [-1], inputShape: [Int]? = nil, name: String = "") {
        self.axis = axis
        self.declaredInputShape = inputShape
        self.name = name
    }

    public convenience init(axis: Int, inputShape: [Int]? = nil, name: String = "") {
        self.init(axis: [axis], inputShape: inputShape, name: name)
    }

    public var parameters: [Parameter] { [] }

    /// The normalised axes of a batch of samples of `sampleShape`, batch axis counted.
    private func batchAxes(_ sampleShape: [Int]) throws -> [Int] {
        let rank = sampleShape.count + 1
        let axes = axis.map { $0 < 0 ? $0 + rank : $0 }
        guard !axes.isEmpty, axes.allSatisfy({ (1..<rank).contains($0) }), Set(axes).count == axes.count else {
            throw DendriteError.shape("\(name): UnitNormalization axis \(axis) does not fit samples of shape \(sampleShape) (the batch axis 0 cannot be normalised)")
        }
        return axes
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        _ = try batchAxes(inputShape)
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let axes = try? batchAxes(Array(input.shape.dropFirst())) else {
            preconditionFailure("\(name): UnitNormalization axis \(axis) does not fit input \(input.shape)")
        }
        // Keras caps 1/‖x‖ at 10¹²; flooring ‖x‖² at 10⁻²⁴ is the same and keeps the gradient finite at 0.
        let squaredLength = input.squared().sum(alongAxes: axes, keepingDimensions: true)
        return input / squaredLength.clamped(to: 1e-24, .greatestFiniteMagnitude).sqrt()
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "axis": axis.count == 1 ? .int(axis[0]) : .array(axis.map(JSONValue.int)),
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    /// Reads Keras' `axis`: one integer or a list.
    public convenience init(configuration: LayerConfiguration) throws {
        let axis: [Int]
        if case .number = try configuration.value("axis") { axis = [try configuration.int("axis")] } else {
            axis = try configuration.integers("axis")
        }
        self.init(axis: axis, inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
