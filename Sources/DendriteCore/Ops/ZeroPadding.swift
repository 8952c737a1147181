// Zero padding of any axes, and its gradient (the interior slice).

extension Tensor {
    /// The tensor with `widths[axis].before` zeros before and `.after` zeros after its elements along
    /// each axis. Shape: `[d₀, d₁, …] → [d₀ + b₀ + a₀, d₁ + b₁ + a₁, …]`.
    public func zeroPadded(_ widths: [(before: Int, after: Int)]) -> Tensor {
        precondition(widths.count == rank && widths.allSatisfy { $0.before >= 0 && $0.after >= 0 },
                     "zeroPadded: \(widths.count) non-negative widths needed for shape \(shape)")
        let padded = zip(shape, widths).map { $0 + $1.before + $1.after }
        let paddedStrides = Shape.strides(padded)
        let interior = zip(widths, paddedStrides).reduce(0) { $0 + $1.0.before * $1.1 }
        let inputShape = shape
        let storage = TensorStorage(repeating: 0, count: Shape.count(padded))
        Strided.copy(from: buffer.baseAddress!, strides: Shape.strides(shape), shape: shape,
                     toStrides: paddedStrides, into: storage.pointer + interior)
        return Tensor.recorded("zeroPadded", shape: padded, storage: storage, inputs: [self]) { g in
            let dx = TensorStorage(count: Shape.count(inputShape))
            Strided.copy(from: g.buffer.baseAddress! + interior, strides: paddedStrides, shape: inputShape, to: dx.pointer)
            return [Tensor(shape: inputShape, storage: dx)]
        }
    }
}

extension Strided {
    /// Copies `shape` elements between two strided layouts (the destination's strides given too).
    package static func copy(from source: UnsafePointer<Float>, strides: [Int], shape: [Int],
                             toStrides destinationStrides: [Int], into destination: UnsafeMutablePointer<Float>) {
        let total = Shape.count(shape)
        guard total > 0 else { return }
        guard !shape.isEmpty else { destination[0] = source[0]; return }
        let rank = shape.count, width = shape[rank - 1]
        var index = Array(repeating: 0, count: rank)
        var (from, to) = (0, 0)
        for _ in 0..<(total / width) {
            for j in 0..<width { destination[to + j * destinationStrides[rank - 1]] = source[from + j * strides[rank - 1]] }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                from += strides[axis]
                to += destinationStrides[axis]
                if index[axis] < shape[axis] { break }
                from -= strides[axis] * shape[axis]
                to -= destinationStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
