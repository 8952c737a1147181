import CDendriteKernels

/// Float32 matrix products on row-major storage, run by the C kernel in `CDendriteKernels`
/// (packed panels, cache blocking, an AVX2/FMA register-tile micro-kernel where available).
package enum Gemm {
    /// Below this many multiply-adds a product runs on the calling thread: the hand-off to a
    /// worker and the duplicated packing cost more than the second core saves. Measured with
    /// `dendrite-bench gemm` (single-threaded 96³ takes about 20 µs; a hand-off to a spinning
    /// worker about 1 µs, to a parked one 20-60 µs).
    package static let parallelThreshold = 96 * 96 * 96

    /// A product of a few rows (single-sample inference) streams B once and does little arithmetic
    /// per element of B, so it is limited by memory, not by arithmetic: from this many
    /// multiply-adds (256 KiB of B) on, each thread takes half of B's columns, which then stay in
    /// its own core's L2 cache from one call to the next. Below it, one hand-off between cores
    /// costs about what the second core saves (measured on W2's 256×128 layer: equal medians,
    /// steadier on one thread).
    package static let fewRowsParallelThreshold = 64 * 1024

    /// Whether the C kernel runs its AVX2+FMA code on this processor (otherwise the portable code).
    package static var usesAVX2: Bool { dendrite_gemm_uses_avx2() }

    /// C[m×n] = op(A)[m×k] · op(B)[k×n], or C += … when `accumulate` is true.
    ///
    /// op(A) is A (stored m×k with row stride `lda`) or, with `transposeA`, Aᵀ (A stored k×m);
    /// likewise op(B) is B (k×n, row stride `ldb`) or Bᵀ (B stored n×k). C is m×n with row stride
    /// `ldc` and must not overlap A or B. Each element is one sequential multiply-add chain over k,
    /// so the result is bit-identical whatever `ComputeThreads.maximum` is.
    ///
    /// With `bias` (n values) each finished element gets `+ bias[column]`, and with `relu` then
    /// `max(·, 0)`, while its tile is still in cache: the same values as separate passes.
    package static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        bias: UnsafePointer<Float>? = nil, relu: Bool = false
    ) {
        multiply(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate,
            bias: bias, relu: relu, maximumThreads: ComputeThreads.maximum)
    }

    /// `multiply` with an explicit thread budget instead of `ComputeThreads.maximum`.
    package static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        bias: UnsafePointer<Float>? = nil, relu: Bool = false, maximumThreads: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "Gemm: negative size m=\(m) n=\(n) k=\(k)")
        let macs = m * n * k
        precondition(
            (m == 0 || n == 0 || ldc >= n)
                && (macs == 0 || (lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n))),
            "Gemm: leading dimensions lda=\(lda) ldb=\(ldb) ldc=\(ldc) too small for m=\(m) n=\(n) k=\(k)")
        let fewRows = m <= 4 && !transposeB
        // Inside another parallel loop the parts would run one after the other, each repacking the
        // shared operand: then one part does it all.
        let threads = macs < (fewRows ? fewRowsParallelThreshold : parallelThreshold) || !Parallel.isAvailable
            ? 1 : maximumThreads
        // Each part packs the whole of the operand it shares, so cut along the larger of m and n
        // (less duplicated packing), at whole register tiles.
        let splitColumns = n >= m
        let tile = Int(splitColumns ? DENDRITE_GEMM_TILE_COLUMNS : DENDRITE_GEMM_TILE_ROWS)
        let length = splitColumns ? n : m
        let tiles = (length + tile - 1) / tile
        // One part per thread. Every part repacks the operand it shares, and finer parts for load
        // balancing cost more in packing than they gained (measured at 1024³–2048³ on 2 threads).
        let parts = threads > 1 ? Swift.min(threads, tiles) : 1
        guard parts > 1 else {
            dendrite_gemm_bias_relu(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, bias, relu)
            return
        }
        let tilesPerPart = (tiles + parts - 1) / parts
        Parallel.forEach(parts, maximumThreads: threads) { part in
            let start = part * tilesPerPart * tile
            let end = Swift.min(start + tilesPerPart * tile, length)
            guard start < end else { return }
            if splitColumns {
                let bPart = transposeB ? b + start * ldb : b + start
                dendrite_gemm_bias_relu(
                    transposeA, transposeB, m, end - start, k, a, lda, bPart, ldb, c + start, ldc, accumulate,
                    bias.map { $0 + start }, relu)
            } else {
                let aPart = transposeA ? a + start : a + start * lda
                dendrite_gemm_bias_relu(
                    transposeA, transposeB, end - start, n, k, aPart, lda, b, ldb, c + start * ldc, ldc, accumulate,
                    bias, relu)
            }
        }
    }
}
