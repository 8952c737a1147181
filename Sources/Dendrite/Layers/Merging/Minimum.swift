import DendriteCore

/// Element-wise minimum of the inputs.
///
/// Shapes: any number of inputs of one sample shape (axes of size 1 broadcast); output of that
/// shape. No weights (Keras' `Minimum`).
///
/// ```swift
/// let merged = try Minimum()([left, right])
/// ```
public final class Minimum: ElementwiseMerge {
    public var name: String
    public var typeName: String { "Minimum" }

    public init(name: String = "") { self.name = name }

    public func combine(_ a: Tensor, _ b: Tensor) -> Tensor { DendriteCore.minimum(a, b) }
}
