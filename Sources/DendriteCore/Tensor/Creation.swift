extension Tensor {
    /// A tensor of the given shape with every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "full: negative size in shape \(shape)")
        return Tensor(shape: shape, storage: TensorStorage(repeating: value, count: Shape.count(shape)))
    }

    /// Zeros of the given shape.
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }

    /// Ones of the given shape.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Zeros shaped like `other`.
    public static func zeros(like other: Tensor) -> Tensor { full(other.shape, 0) }

    /// Ones shaped like `other`.
    public static func ones(like other: Tensor) -> Tensor { full(other.shape, 1) }

    /// The values `start, start + step, …` below `end` (like `numpy.arange`).
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) -> Tensor {
        precondition(step != 0, "arange: step must not be zero")
        let count = Swift.max(0, Int((Double(end - start) / Double(step)).rounded(.up)))
        return Tensor(shape: [count], scalars: (0..<count).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end`, both included (like `numpy.linspace`).
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        precondition(count >= 0, "linspace: negative count \(count)")
        guard count > 1 else { return Tensor(shape: [count], scalars: count == 1 ? [start] : []) }
        let step = (Double(end) - Double(start)) / Double(count - 1)
        return Tensor(shape: [count], scalars: (0..<count).map { Float(Double(start) + Double($0) * step) })
    }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        var result = zeros([n, n])
        result.withMutableBuffer { buffer in
            for i in 0..<n { buffer[i * n + i] = 1 }
        }
        return result
    }
}
