import DendriteCore

/// The element-wise mean of the inputs: `(x₁ + … + xₙ) / n`.
///
/// Shapes: any number of inputs of one sample shape (axes of size 1 broadcast); output of that
/// shape. No weights (Keras' `Average`).
///
/// ```swift
/// let ensemble = try Average()([first, second, third])
/// ```
public final class Average: ElementwiseMerge {
    public var name: String
    public var typeName: String { "Average" }

    public init(name: String = "") { self.name = name }

    public func combine(_ a: Tensor, _ b: Tensor) -> Tensor { a + b }

    public func merge(_ inputs: [Tensor]) -> Tensor {
        inputs.dropFirst().reduce(inputs[0], combine) / Float(inputs.count)
    }
}
