import DendriteCore

/// The difference of two inputs: `x₁ − x₂`.
///
/// Shapes: two inputs of one sample shape (axes of size 1 broadcast); output of that shape. No
/// weights (Keras' `Subtract`).
///
/// ```swift
/// let difference = try Subtract()([left, right])
/// ```
public final class Subtract: ElementwiseMerge {
    public var name: String
    public var typeName: String { "Subtract" }

    public init(name: String = "") { self.name = name }

    public var inputCount: ClosedRange<Int> { 2...2 }

    public func combine(_ a: Tensor, _ b: Tensor) -> Tensor { a - b }
}
