/// Matrix product. Shapes: `[m, k] · [k, n] → [m, n]`; batched `[b, m, k] · [b, k, n] → [b, m, n]`;
/// and `[b, m, k] · [k, n] → [b, m, n]` (one matrix applied to every batch entry).
///
/// The backward pass uses the transposed-operand GEMM variants, so no transpose is materialised:
/// `dA = dC · Bᵀ`, `dB = Aᵀ · dC`.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition((a.rank == 2 || a.rank == 3) && (b.rank == 2 || b.rank == 3) && !(a.rank == 2 && b.rank == 3),
                 "matmul: unsupported shapes \(a.shape) and \(b.shape)")
    let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
    precondition(b.shape[b.rank - 2] == k, "matmul: shapes \(a.shape) and \(b.shape) do not align")
    if a.rank == 3 && b.rank == 2 {
        // One matrix for every batch entry is a single [b·m, k] · [k, n] product.
        return matmul(a.reshaped([a.shape[0] * m, k]), b).reshaped([a.shape[0], m, n])
    }
    let batch = a.rank == 3 ? a.shape[0] : 1
    precondition(a.rank == 2 || a.shape[0] == b.shape[0],
                 "matmul: batch sizes of \(a.shape) and \(b.shape) differ")
    let shape = a.rank == 3 ? [batch, m, n] : [m, n]
    let storage = TensorStorage(count: batch * m * n)
    MatrixProduct.batched(a.buffer.baseAddress!, b.buffer.baseAddress!, storage.pointer, batch: batch,
                          m: m, n: n, k: k, transposeA: false, transposeB: false, accumulate: false)
    let (x, y) = (a.detached(), b.detached())
    // Data fed into the first layer needs no gradient: skip that product (a third of its backward).
    let (needsA, needsB) = (a.requiresGradient, b.requiresGradient)
    return Tensor.recorded("matmul", shape: shape, storage: storage, inputs: [a, b]) { g in
        var gradients: [Tensor?] = [nil, nil]
        if needsA {
            // dA[m,k] = G[m,n] · Bᵀ
            let da = TensorStorage(count: batch * m * k)
            MatrixProduct.batched(g.buffer.baseAddress!, y.buffer.baseAddress!, da.pointer, batch: batch,
                                  m: m, n: k, k: n, transposeA: false, transposeB: true, accumulate: false)
            gradients[0] = Tensor(shape: x.shape, storage: da)
        }
        if needsB {
            // dB[k,n] = Aᵀ · G[m,n]
            let db = TensorStorage(count: batch * k * n)
            MatrixProduct.batched(x.buffer.baseAddress!, g.buffer.baseAddress!, db.pointer, batch: batch,
                                  m: k, n: n, k: m, transposeA: true, transposeB: false, accumulate: false)
            gradients[1] = Tensor(shape: y.shape, storage: db)
        }
        return gradients
    }
}

extension Tensor {
    /// `matmul(self, other)`.
    public func matmul(_ other: Tensor) -> Tensor { DendriteCore.matmul(self, other) }
}

/// Row-major products of contiguous matrices, one GEMM per batch entry.
package enum MatrixProduct {
    /// C[m×n] (+)= op(A)·op(B), where op(A) is m×k and op(B) is k×n; A and B are stored as
    /// `transposeA ? k×m : m×k` and `transposeB ? n×k : k×n`.
    package static func batched(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                                batch: Int, m: Int, n: Int, k: Int,
                                transposeA: Bool, transposeB: Bool, accumulate: Bool) {
        for index in 0..<batch {
            Gemm.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                          a: a + index * m * k, lda: transposeA ? m : k,
                          b: b + index * k * n, ldb: transposeB ? k : n,
                          c: c + index * m * n, ldc: n, accumulate: accumulate)
        }
    }
}
