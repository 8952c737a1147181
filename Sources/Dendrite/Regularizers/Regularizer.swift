import DendriteCore

/// A weight penalty added to the training loss: `l1 · Σ|w| + l2 · Σw²` (Keras' definitions; the
/// default factor 0.01 is Keras').
public struct Regularizer: Sendable, Equatable, Hashable {
    public let l1: Float
    public let l2: Float

    public init(l1: Float = 0, l2: Float = 0) throws {
        guard l1 >= 0, l2 >= 0, l1.isFinite, l2.isFinite else {
            throw DendriteError.argument("Regularizer: factors must be finite and ≥ 0, got l1 \(l1), l2 \(l2)")
        }
        self.l1 = l1
        self.l2 = l2
    }

    private init(unchecked l1: Float, _ l2: Float) {
        self.l1 = l1
        self.l2 = l2
    }

    /// `factor · Σ|w|`.
    public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(unchecked: Swift.max(factor, 0), 0) }
    /// `factor · Σw²`.
    public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(unchecked: 0, Swift.max(factor, 0)) }
    /// Both penalties.
    public static func l1l2(l1: Float = 0.01, l2: Float = 0.01) -> Regularizer {
        Regularizer(unchecked: Swift.max(l1, 0), Swift.max(l2, 0))
    }

    /// The penalty for one weight tensor (differentiable).
    public func penalty(_ weight: Tensor) -> Tensor {
        var total = Tensor(0)
        if l1 > 0 { total = total + weight.abs().sum() * l1 }
        if l2 > 0 { total = total + weight.squared().sum() * l2 }
        return total
    }
}
