// Splitting a tensor into its slices along one axis, with a backward pass that costs one copy of
// the whole gradient rather than one per slice.

extension Tensor {
    /// The slices of `self` along `axis`, each with that axis removed (the inverse of
    /// `Tensor.stack(_:alongAxis:)`): `[b, t, f].unstacked(alongAxis: 1)` gives `t` tensors `[b, f]`.
    ///
    /// Recurrent layers read their input one time step at a time with this. Taking `t` separate
    /// `slice`s would make every slice's backward pass allocate and add a gradient of the full
    /// input shape, O(t²) work for a sequence; here every slice writes its gradient into one shared
    /// buffer, which is handed on once to `self`.
    public func unstacked(alongAxis axis: Int = 0) -> [Tensor] {
        let axis = Shape.axis(axis, rank: rank, operation: "unstack")
        let length = shape[axis]
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var pieceShape = shape
        pieceShape.remove(at: axis)
        let inputShape = shape
        let shared = SharedGradient()
        // Every slice's pullback sends a scalar token to this node, so that it runs (once, after
        // all the slices, by the topological order) and passes the collected gradient to `self`.
        let collector = Tensor.recorded("unstack", shape: shape, storage: storage, inputs: [self]) { _ in
            defer { shared.storage = nil }
            return [shared.storage.map { Tensor(shape: inputShape, storage: $0) }]
        }
        let source = buffer.baseAddress!
        return (0..<length).map { index in
            let storage = TensorStorage(count: outer * inner)
            for o in 0..<outer {
                (storage.pointer + o * inner).update(from: source + (o * length + index) * inner, count: inner)
            }
            return Tensor.recorded("unstack[\(index)]", shape: pieceShape, storage: storage, inputs: [collector]) { g in
                let full = shared.storage ?? TensorStorage(repeating: 0, count: Shape.count(inputShape))
                shared.storage = full
                let gradient = g.buffer.baseAddress!
                for o in 0..<outer {
                    let target = full.pointer + (o * length + index) * inner
                    for i in 0..<inner { target[i] += gradient[o * inner + i] }
                }
                return [Tensor(0)]
            }
        }
    }
}

/// The gradient buffer the slices of one `unstacked` call fill during a backward pass.
private final class SharedGradient: @unchecked Sendable {
    // `@unchecked`: written only by `backward()`, which runs on one thread at a time.
    var storage: TensorStorage?
}
