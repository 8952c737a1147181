import DendriteCore

/// Element-wise maximum of the inputs.
///
/// Shapes: any number of inputs of one sample shape (axes of size 1 broadcast); output of that
/// shape. No weights (Keras' `Maximum`).
///
/// ```swift
/// let merged = try Maximum()([left, right])
/// ```
public final class Maximum: ElementwiseMerge {
    public var name: String
    public var typeName: String { "Maximum" }

    public init(name: String = "") { self.name = name }

    public func combine(_ a: Tensor, _ b: Tensor) -> Tensor { DendriteCore.maximum(a, b) }
}
