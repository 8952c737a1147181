// Slicing, gathering, concatenation and stacking.

extension Tensor {
    /// Elements `range` along `axis`. When they are contiguous in memory (slicing the first axis,
    /// or every axis before `axis` has size 1) the result shares this tensor's memory until either
    /// is written to, as NumPy's and PyTorch's basic slices do.
    public func slice(alongAxis axis: Int = 0, _ range: Range<Int>) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: "slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice: range \(range) out of bounds for axis \(axis) of shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = range.count
        let storage: TensorStorage
        if outer == 1 {
            storage = TensorStorage(viewing: self.storage, offset: range.lowerBound * inner, count: range.count * inner)
        } else {
            storage = TensorStorage(count: outer * range.count * inner)
            let source = buffer.baseAddress!
            for o in 0..<outer {
                (storage.pointer + o * range.count * inner)
                    .update(from: source + (o * shape[axis] + range.lowerBound) * inner, count: range.count * inner)
            }
        }
        let inputShape = shape
        return Tensor.recorded("slice", shape: newShape, storage: storage, inputs: [self]) { g in
            let full = TensorStorage(repeating: 0, count: Shape.count(inputShape))
            let gradient = g.buffer.baseAddress!
            for o in 0..<outer {
                (full.pointer + (o * inputShape[axis] + range.lowerBound) * inner)
                    .update(from: gradient + o * range.count * inner, count: range.count * inner)
            }
            return [Tensor(shape: inputShape, storage: full)]
        }
    }

    /// Elements (65,536 floats, 256 KiB) from which `gathering` copies on several threads.
    private static let parallelGatherThreshold = 1 << 16

    /// Rows (elements along the first axis) in `range`.
    public subscript(_ range: Range<Int>) -> Tensor { slice(alongAxis: 0, range) }

    /// The entries at `indices` along `axis`, in that order (repeats allowed). The gradient adds
    /// back into each gathered position.
    public func gathering(_ indices: [Int], alongAxis axis: Int = 0) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: "gather")
        let length = shape[axis]
        for index in indices {
            precondition(index >= 0 && index < length,
                         "gather: index \(index) out of range for axis \(axis) of shape \(shape)")
        }
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = indices.count
        let storage = TensorStorage(count: outer * indices.count * inner)
        let source = buffer.baseAddress!
        // A large gather (a mini-batch of wide rows) copies on every thread: plain copies, same bits.
        let parts = outer * indices.count * inner >= Self.parallelGatherThreshold ? ComputeThreads.maximum : 1
        indices.withUnsafeBufferPointer { indices in
            Parallel.forEach(parts) { part in
                let positions = (indices.count * part / parts)..<(indices.count * (part + 1) / parts)
                for o in 0..<outer {
                    for position in positions {
                        let target = storage.pointer + (o * indices.count + position) * inner
                        let from = source + (o * length + indices[position]) * inner
                        // Short rows (labels, small feature vectors) are cheaper to copy inline than
                        // through a library call each.
                        if inner <= 64 {
                            for i in 0..<inner { target[i] = from[i] }
                        } else {
                            target.update(from: from, count: inner)
                        }
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.recorded("gather", shape: newShape, storage: storage, inputs: [self]) { g in
            let full = TensorStorage(repeating: 0, count: Shape.count(inputShape))
            let gradient = g.buffer.baseAddress!
            for o in 0..<outer {
                for (position, index) in indices.enumerated() {
                    let target = full.pointer + (o * length + index) * inner
                    let from = gradient + (o * indices.count + position) * inner
                    for i in 0..<inner { target[i] += from[i] }
                }
            }
            return [Tensor(shape: inputShape, storage: full)]
        }
    }

    /// Joins tensors along an existing axis; all other sizes must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate: no tensors")
        let first = tensors[0]
        let axis = Shape.axis(axis, rank: first.rank, operation: "concatenate")
        for tensor in tensors {
            precondition(tensor.rank == first.rank
                && tensor.shape.enumerated().allSatisfy { $0.offset == axis || $0.element == first.shape[$0.offset] },
                "concatenate: shapes \(first.shape) and \(tensor.shape) differ off axis \(axis)")
        }
        let sizes = tensors.map { $0.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        var newShape = first.shape
        newShape[axis] = sizes.reduce(0, +)
        let storage = TensorStorage(count: Shape.count(newShape))
        var offset = 0
        for tensor in tensors {
            let block = tensor.shape[axis] * inner
            for o in 0..<outer {
                (storage.pointer + o * newShape[axis] * inner + offset)
                    .update(from: tensor.buffer.baseAddress! + o * block, count: block)
            }
            offset += block
        }
        return recorded("concatenate", shape: newShape, storage: storage, inputs: tensors) { g in
            var start = 0
            return sizes.map { size in
                defer { start += size }
                return g.slice(alongAxis: axis, start..<(start + size))
            }
        }
    }

    /// Joins tensors of the same shape along a new axis.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack: no tensors")
        for tensor in tensors {
            precondition(tensor.shape == tensors[0].shape,
                         "stack: shapes \(tensors[0].shape) and \(tensor.shape) differ")
        }
        return concatenate(tensors.map { $0.expandingDimensions(at: axis) },
                           alongAxis: axis < 0 ? axis + tensors[0].rank + 1 : axis)
    }
}
