import DendriteCore

/// Element-wise product of the inputs: `x₁ · x₂ · …`.
///
/// Shapes: any number of inputs of one sample shape (axes of size 1 broadcast); output of that
/// shape. No weights (Keras' `Multiply`).
///
/// ```swift
/// let merged = try Multiply()([left, right])
/// ```
public final class Multiply: ElementwiseMerge {
    public var name: String
    public var typeName: String { "Multiply" }

    public init(name: String = "") { self.name = name }

    public func combine(_ a: Tensor, _ b: Tensor) -> Tensor { a * b }
}
