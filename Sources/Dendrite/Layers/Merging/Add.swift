import DendriteCore

/// Element-wise sum of the inputs: `x₁ + x₂ + …`.
///
/// Shapes: any number of inputs of one sample shape (axes of size 1 broadcast); output of that
/// shape. No weights (Keras' `Add`).
///
/// ```swift
/// let merged = try Add()([left, right])
/// ```
public final class Add: ElementwiseMerge {
    public var name: String
    public var typeName: String { "Add" }

    public init(name: String = "") { self.name = name }

    public func combine(_ a: Tensor, _ b: Tensor) -> Tensor { a + b }
}
