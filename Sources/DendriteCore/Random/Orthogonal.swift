extension Tensor {
    /// A random matrix with orthonormal rows or columns, scaled by `gain`, made as Keras'
    /// `Orthogonal` initialiser makes it.
    ///
    /// The shape is read as a matrix `[rows, columns]` with `rows` the product of all axes but the
    /// last. A normal matrix `A` of shape `[max(rows, columns), min(rows, columns)]` is factored
    /// `A = QR`, and `Q` is sign-corrected so that the diagonal of `R` is positive (the unique
    /// factor, as Keras and TensorFlow make it with `q * sign(diag(r))`); it is transposed when
    /// `rows < columns`. So the result's columns are orthonormal when `rows ≥ columns` and its
    /// rows otherwise. The factorisation is Gram–Schmidt, run twice per column in Double: this
    /// gives R a positive diagonal directly, and the second pass keeps Q orthogonal to rounding.
    public static func randomOrthogonal(_ shape: [Int], gain: Float = 1,
                                        using generator: inout RandomGenerator) -> Tensor {
        precondition(shape.count >= 2, "orthogonal: needs a shape of at least 2 axes, got \(shape)")
        let rows = shape.dropLast().reduce(1, *), columns = shape[shape.count - 1]
        let (m, n) = (Swift.max(rows, columns), Swift.min(rows, columns))
        // Column-major: q[j] is column j of the m × n matrix.
        let sample = randomNormal([m, n], using: &generator).scalars
        var q = (0..<n).map { j in (0..<m).map { i in Double(sample[i * n + j]) } }
        for j in 0..<n {
            for _ in 0..<2 {
                for k in 0..<j {
                    let projection = zip(q[k], q[j]).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<m { q[j][i] -= projection * q[k][i] }
                }
            }
            let norm = q[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            precondition(norm > 0, "orthogonal: the normal sample is rank-deficient")
            for i in 0..<m { q[j][i] /= norm }
        }
        let values: [Float] = rows >= columns
            ? (0..<m).flatMap { i in (0..<n).map { j in Float(q[j][i]) * gain } }
            : (0..<n).flatMap { j in (0..<m).map { i in Float(q[j][i]) * gain } }
        return Tensor(shape: shape, scalars: values)
    }
}
