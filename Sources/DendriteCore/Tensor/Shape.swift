/// Shape arithmetic shared by the tensor operations.
package enum Shape {
    package static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides (in elements).
    package static func strides(_ shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    package static func offset(of indices: [Int], in shape: [Int]) -> Int {
        precondition(indices.count == shape.count, "subscript: \(indices.count) indices for shape \(shape)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "subscript: index \(indices) out of range for shape \(shape)")
            offset = offset * shape[axis] + index
        }
        return offset
    }

    /// The shape two operands broadcast to, by NumPy rules (align trailing axes; sizes equal or 1).
    package static func broadcast(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = Array(repeating: 0, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(x == y || x == 1 || y == 1,
                         "\(operation): shapes \(a) and \(b) cannot be broadcast together")
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// Strides that read `shape` as if it had been broadcast to `target` (0 along broadcast axes).
    package static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let lead = target.count - shape.count
        return target.indices.map { axis in
            axis < lead || shape[axis - lead] == 1 ? 0 : own[axis - lead]
        }
    }

    /// Resolves a possibly negative axis (`-1` is the last) and checks it.
    package static func axis(_ axis: Int, rank: Int, operation: String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < max(rank, 1),
                     "\(operation): axis \(axis) out of range for rank \(rank)")
        return resolved
    }
}
