import DendriteCore

/// A layer that makes a mask from its input values (``Embedding`` with `maskZero`, ``Masking``),
/// so that a model asks it for output masks even when no mask reaches it.
public protocol MaskSource: GraphLayer {}

extension GraphLayer {
    /// Throws unless a mask of sample shape `maskShape` fits an input of sample shape `inputShape`:
    /// a mask covers the leading axes (`[steps]` for `[steps, features]` or for `[steps]` ids).
    func requireMask(_ maskShape: [Int], fits inputShape: [Int]) throws {
        guard !maskShape.isEmpty, maskShape.count <= inputShape.count,
              Array(inputShape.prefix(maskShape.count)) == maskShape else {
            throw DendriteError.shape("\(displayName): a mask of shape \(maskShape) does not fit inputs of shape \(inputShape) "
                + "(a mask holds one 0 or 1 per time step: shape [steps] for samples [steps, …])")
        }
    }

    /// Throws unless `mask` (with the batch axis) fits `input` (see ``requireMask(_:fits:)``) and
    /// holds only 0 and 1: the check of the public entry points that take a mask directly.
    func requireMask(_ mask: Tensor, fits input: Tensor) throws {
        guard mask.rank >= 1, mask.shape[0] == input.shape.first else {
            throw DendriteError.shape("\(displayName): a mask of shape \(mask.shape) does not fit inputs of shape \(input.shape) "
                + "(expected [batch, steps] with the inputs' batch size)")
        }
        try requireMask(Array(mask.shape.dropFirst()), fits: Array(input.shape.dropFirst()))
        if let bad = mask.scalars.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw DendriteError.data("\(displayName): mask value \(mask.scalars[bad]) at flat index \(bad) is not 0 or 1")
        }
    }
}

extension Tensor {
    /// A `[batch, steps]` mask reshaped to broadcast over `other` (`[batch, steps, 1, …]`).
    func maskBroadcasting(over other: Tensor) -> Tensor {
        precondition(rank <= other.rank && Array(other.shape.prefix(rank)) == shape,
                     "mask of shape \(shape) does not cover tensor of shape \(other.shape)")
        return reshaped(shape + Array(repeating: 1, count: other.rank - rank))
    }
}
