// Operations that rearrange elements without computing new values.

extension Tensor {
    /// The same elements with a new shape; one size may be -1 and is then inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0,
                         "reshape: cannot reshape \(shape) (\(count) elements) to \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.allSatisfy { $0 >= 0 } && Shape.count(resolved) == count,
                     "reshape: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        let inputShape = shape
        return Tensor.recorded("reshape", shape: resolved, storage: storage, inputs: [self]) { g in
            [g.reshaped(inputShape)]
        }
    }

    /// Removes size-1 axes (only `axis` when given).
    public func squeezed(axis: Int? = nil) -> Tensor {
        guard let axis else { return reshaped(shape.filter { $0 != 1 }) }
        let resolved = Shape.axis(axis, rank: rank, operation: "squeeze")
        precondition(shape[resolved] == 1, "squeeze: axis \(axis) of shape \(shape) is not of size 1")
        var newShape = shape
        newShape.remove(at: resolved)
        return reshaped(newShape)
    }

    /// Inserts a size-1 axis at `axis` (negative counts from the end of the new shape).
    public func expandingDimensions(at axis: Int) -> Tensor {
        let resolved = axis < 0 ? axis + rank + 1 : axis
        precondition(resolved >= 0 && resolved <= rank, "expandDims: axis \(axis) out of range for rank \(rank)")
        var newShape = shape
        newShape.insert(1, at: resolved)
        return reshaped(newShape)
    }

    /// The axes reordered: axis `i` of the result is axis `permutation[i]` of `self`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(permutation.sorted() == Array(0..<rank),
                     "permute: \(permutation) is not a permutation of the axes of shape \(shape)")
        if permutation == Array(0..<rank) { return self }
        let newShape = permutation.map { shape[$0] }
        let sourceStrides = Shape.strides(shape)
        let strides = permutation.map { sourceStrides[$0] }
        let storage = TensorStorage(count: count)
        Strided.copy(from: buffer.baseAddress!, strides: strides, shape: newShape, to: storage.pointer)
        var inverse = Array(repeating: 0, count: rank)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return Tensor.recorded("permute", shape: newShape, storage: storage, inputs: [self]) { g in
            [g.permuted(inverse)]
        }
    }

    /// Matrix transpose: swaps the last two axes.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transpose: tensor of shape \(shape) has fewer than 2 axes")
        var permutation = Array(0..<rank)
        permutation.swapAt(rank - 1, rank - 2)
        return permuted(permutation)
    }

    /// The tensor repeated along size-1 (or missing leading) axes to `target`, by NumPy rules.
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Shape.broadcast(shape, target, operation: "broadcast") == target,
                     "broadcast: shape \(shape) cannot be broadcast to \(target)")
        let storage = TensorStorage(count: Shape.count(target))
        Strided.copy(from: buffer.baseAddress!, strides: Shape.broadcastStrides(shape, to: target),
                     shape: target, to: storage.pointer)
        let inputShape = shape
        return Tensor.recorded("broadcast", shape: target, storage: storage, inputs: [self]) { g in
            [g.unbroadcast(to: inputShape)]
        }
    }
}

/// Copies a strided view into contiguous memory.
package enum Strided {
    package static func copy(from source: UnsafePointer<Float>, strides: [Int], shape: [Int],
                             to destination: UnsafeMutablePointer<Float>) {
        let total = Shape.count(shape)
        guard total > 0 else { return }
        guard !shape.isEmpty else { destination[0] = source[0]; return }
        let rank = shape.count
        let width = shape[rank - 1], step = strides[rank - 1]
        var index = Array(repeating: 0, count: rank)
        var offset = 0
        for row in 0..<(total / width) {
            let out = destination + row * width
            if step == 1 {
                out.update(from: source + offset, count: width)
            } else {
                for j in 0..<width { out[j] = source[offset + j * step] }
            }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
