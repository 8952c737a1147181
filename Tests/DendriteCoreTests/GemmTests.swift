import CDendriteKernels
import Testing

@testable import DendriteCore

/// A product case: C[m×n] (+)= op(A)·op(B), stored with leading dimensions widened by `padding`.
struct GemmCase: CustomStringConvertible, Sendable {
    var m: Int, n: Int, k: Int
    var transposeA = false, transposeB = false, accumulate = false
    var padding = 0

    var description: String {
        "\(m)×\(n)×\(k) tA=\(transposeA) tB=\(transposeB) acc=\(accumulate) pad=\(padding)"
    }
    var aRows: Int { transposeA ? k : m }
    var lda: Int { (transposeA ? m : k) + padding }
    var bRows: Int { transposeB ? n : k }
    var ldb: Int { (transposeB ? k : n) + padding }
    var ldc: Int { n + padding }

    /// Every shape with every transpose combination, each with and without accumulate
    /// (or, with `bothAccumulateModes` false, accumulating in half of them, to keep debug runs fast).
    static func all(_ shapes: [(Int, Int, Int)], padding: Int = 0, bothAccumulateModes: Bool = true) -> [GemmCase] {
        shapes.flatMap { m, n, k in
            [(false, false), (true, false), (false, true), (true, true)].flatMap { tA, tB in
                (bothAccumulateModes ? [false, true] : [tA != tB]).map {
                    GemmCase(m: m, n: n, k: k, transposeA: tA, transposeB: tB, accumulate: $0, padding: padding)
                }
            }
        }
    }
}

/// Deterministic values in [-1, 1) (a 64-bit LCG), so failures reproduce.
private func randomMatrix(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state >> 40) - (1 << 23)) / Float(1 << 23)
    }
}

/// Which entry point a check runs: the dispatching Swift API or the C portable kernel.
enum GemmKernel: Sendable {
    case dispatched, portable

    func run(_ t: GemmCase, _ a: [Float], _ b: [Float], _ c: inout [Float]) {
        switch self {
        case .dispatched:
            Gemm.multiply(
                transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k,
                a: a, lda: t.lda, b: b, ldb: t.ldb, c: &c, ldc: t.ldc, accumulate: t.accumulate)
        case .portable:
            dendrite_gemm_portable(
                t.transposeA, t.transposeB, t.m, t.n, t.k, a, t.lda, b, t.ldb, &c, t.ldc, t.accumulate)
        }
    }
}

/// Runs `gemm` on random operands and checks every element against a Double-accumulated
/// reference (within a bound proportional to k·Σ|a·b|), and that padding columns are untouched.
private func check(_ t: GemmCase, _ kernel: GemmKernel = .dispatched, seed: UInt64 = 1) {
    let a = randomMatrix(Swift.max(t.aRows * t.lda, 1), seed: seed)
    let b = randomMatrix(Swift.max(t.bRows * t.ldb, 1), seed: seed + 1)
    let initial = randomMatrix(Swift.max(t.m * t.ldc, 1), seed: seed + 2)
    // Without accumulate C's old contents must be ignored, even NaN.
    var c = t.accumulate ? initial : initial.map { _ in Float.nan }
    for i in 0..<t.m { for j in t.n..<t.ldc { c[i * t.ldc + j] = 12345 } }
    kernel.run(t, a, b, &c)

    var firstFailure: String?
    for i in 0..<t.m {
        for j in 0..<t.n {
            var sum = t.accumulate ? Double(initial[i * t.ldc + j]) : 0
            var magnitude = abs(sum)
            for p in 0..<t.k {
                let x = Double(t.transposeA ? a[p * t.lda + i] : a[i * t.lda + p])
                let y = Double(t.transposeB ? b[j * t.ldb + p] : b[p * t.ldb + j])
                sum += x * y
                magnitude += abs(x * y)
            }
            let error = abs(Double(c[i * t.ldc + j]) - sum)
            let bound = Double(t.k + 1) * 1.2e-7 * magnitude + 1e-30
            if !(error <= bound), firstFailure == nil {
                firstFailure = "C[\(i),\(j)] = \(c[i * t.ldc + j]), expected \(sum)"
            }
        }
        for j in t.n..<t.ldc where c[i * t.ldc + j] != 12345 {
            firstFailure = firstFailure ?? "padding C[\(i),\(j)] was overwritten"
        }
    }
    #expect(firstFailure == nil, "\(t): \(firstFailure ?? "")")
}

// Blocking of the C kernel: tile 6×16, KC = 256, MC = 144, NC = 3072; unpacked below 32·32·16 MACs.
private let oddShapes = [
    (1, 1, 1), (7, 13, 5), (1, 100, 3), (1, 130, 40), (1, 10, 128), (1, 3, 9), (100, 1, 3), (2, 3, 300), (5, 15, 1), (6, 16, 2), (13, 33, 17),
]
private let boundaryShapes = [
    (30, 33, 40), (12, 32, 64), (145, 17, 20), (13, 20, 257), (6, 20, 513), (2, 3075, 3),
]

@Suite("Gemm")
struct GemmTests {
    @Test("matches a Double reference for small and odd shapes", arguments: GemmCase.all(oddShapes))
    func oddShapesMatchReference(_ t: GemmCase) {
        check(t)
    }

    @Test("matches a Double reference across every blocking boundary", arguments: GemmCase.all(boundaryShapes, bothAccumulateModes: false))
    func crossesBlockingBoundaries(_ t: GemmCase) {
        check(t)
    }

    @Test("respects leading dimensions wider than the matrices",
          arguments: GemmCase.all([(7, 13, 5), (30, 33, 40)], padding: 3, bothAccumulateModes: false))
    func paddedLeadingDimensions(_ t: GemmCase) {
        check(t)
    }

    @Test("portable kernel matches the reference too",
          arguments: GemmCase.all([(7, 13, 5), (30, 33, 40), (13, 20, 257)], padding: 1, bothAccumulateModes: false))
    func portableKernel(_ t: GemmCase) {
        check(t, .portable)
    }

    @Test("k = 0 zeroes C, or leaves it unchanged when accumulating")
    func emptyInnerDimension() {
        let a: [Float] = [0], b: [Float] = [0]
        var c: [Float] = [1, 2, 3, 4, 5, 6]
        Gemm.multiply(
            transposeA: false, transposeB: false, m: 2, n: 3, k: 0,
            a: a, lda: 1, b: b, ldb: 3, c: &c, ldc: 3, accumulate: true)
        #expect(c == [1, 2, 3, 4, 5, 6])
        Gemm.multiply(
            transposeA: false, transposeB: false, m: 2, n: 3, k: 0,
            a: a, lda: 1, b: b, ldb: 3, c: &c, ldc: 3, accumulate: false)
        #expect(c == [0, 0, 0, 0, 0, 0])
    }

    @Test("2×2 product gives exact numbers")
    func knownProduct() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c: [Float] = [0, 0, 0, 0]
        Gemm.multiply(
            transposeA: false, transposeB: false, m: 2, n: 2, k: 2,
            a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2, accumulate: false)
        #expect(c == [19, 22, 43, 50])
        Gemm.multiply(
            transposeA: true, transposeB: true, m: 2, n: 2, k: 2,
            a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2, accumulate: true)
        #expect(c == [42, 53, 77, 96]) // plus AᵀBᵀ = [23, 31, 34, 46]
    }

    @Test("1 and 2 threads give bit-identical results",
          arguments: [
              GemmCase(m: 90, n: 120, k: 90, transposeB: true),
              GemmCase(m: 130, n: 70, k: 100, transposeA: true, accumulate: true),
          ])
    func threadCountDoesNotChangeBits(_ t: GemmCase) {
        let a = randomMatrix(t.aRows * t.lda, seed: 7)
        let b = randomMatrix(t.bRows * t.ldb, seed: 8)
        let initial = randomMatrix(t.m * t.ldc, seed: 9)
        func product(threads: Int) -> [Float] {
            var c = initial
            Gemm.multiply(
                transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k,
                a: a, lda: t.lda, b: b, ldb: t.ldb, c: &c, ldc: t.ldc, accumulate: t.accumulate,
                maximumThreads: threads)
            return c
        }
        #expect(t.m * t.n * t.k >= Gemm.parallelThreshold)
        #expect(product(threads: 1).map(\.bitPattern) == product(threads: 2).map(\.bitPattern))
    }

    @Test("row by row (small or one-row path) and whole (blocked path) give bit-identical results",
          arguments: [true, false])
    func pathsAgreeBitForBit(transposeB: Bool) {
        let t = GemmCase(m: 20, n: 70, k: 300, transposeB: transposeB)
        let a = randomMatrix(t.aRows * t.lda, seed: 3)
        let b = randomMatrix(t.bRows * t.ldb, seed: 4)
        var whole = [Float](repeating: 0, count: t.m * t.ldc)
        var rows = whole
        dendrite_gemm(false, transposeB, t.m, t.n, t.k, a, t.lda, b, t.ldb, &whole, t.ldc, false)
        a.withUnsafeBufferPointer { a in
            rows.withUnsafeMutableBufferPointer { c in
                for i in 0..<t.m {
                    dendrite_gemm(false, transposeB, 1, t.n, t.k, a.baseAddress! + i * t.lda, t.lda, b, t.ldb,
                                  c.baseAddress! + i * t.ldc, t.ldc, false)
                }
            }
        }
        #expect(whole.map(\.bitPattern) == rows.map(\.bitPattern))
    }

    @Test("the bias and ReLU epilogue equals separate passes bit for bit, on every path and thread count",
          arguments: [
              GemmCase(m: 1, n: 10, k: 128), GemmCase(m: 1, n: 256, k: 784), GemmCase(m: 3, n: 20, k: 7),
              GemmCase(m: 30, n: 33, k: 40, transposeA: true), GemmCase(m: 13, n: 20, k: 257, transposeB: true),
              GemmCase(m: 130, n: 70, k: 100, accumulate: true), GemmCase(m: 40, n: 300, k: 90, padding: 2),
          ])
    func biasAndReluEpilogue(_ t: GemmCase) {
        var a = randomMatrix(t.aRows * t.lda, seed: 11)
        a[0] = .nan // NaN reaches the first row of C: ReLU turns it into 0, as the separate pass does
        let b = randomMatrix(t.bRows * t.ldb, seed: 12)
        let bias = randomMatrix(t.n, seed: 13)
        let initial = randomMatrix(t.m * t.ldc, seed: 14)
        for relu in [false, true] {
            var separate = initial
            Gemm.multiply(
                transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k,
                a: a, lda: t.lda, b: b, ldb: t.ldb, c: &separate, ldc: t.ldc, accumulate: t.accumulate)
            for i in 0..<t.m {
                for j in 0..<t.n {
                    let value = separate[i * t.ldc + j] + bias[j]
                    separate[i * t.ldc + j] = relu ? (value > 0 ? value : 0) : value
                }
            }
            for threads in [1, 2] {
                var fused = initial
                Gemm.multiply(
                    transposeA: t.transposeA, transposeB: t.transposeB, m: t.m, n: t.n, k: t.k,
                    a: a, lda: t.lda, b: b, ldb: t.ldb, c: &fused, ldc: t.ldc, accumulate: t.accumulate,
                    bias: bias, relu: relu, maximumThreads: threads)
                #expect(fused.map(\.bitPattern) == separate.map(\.bitPattern), "\(t) relu=\(relu) threads=\(threads)")
            }
        }
    }
}

@Suite("Parallel")
struct ParallelTests {
    @Test("forEach runs every index exactly once", arguments: [0, 1, 2, 3, 17, 1000])
    func everyIndexOnce(count: Int) {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(count, 1))
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        for _ in 0..<20 {
            Parallel.forEach(count, maximumThreads: 2) { counts[$0] += 1 }
        }
        #expect(counts.prefix(count).allSatisfy { $0 == 20 })
    }

    @Test("nested forEach runs serially instead of deadlocking")
    func nested() {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 16)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        Parallel.forEach(4, maximumThreads: 2) { outer in
            Parallel.forEach(4, maximumThreads: 2) { inner in counts[outer * 4 + inner] += 1 }
        }
        #expect(counts.allSatisfy { $0 == 1 })
    }

    @Test("ComputeThreads.maximum is clamped to at least 1")
    func clamped() {
        let saved = ComputeThreads.maximum
        defer { ComputeThreads.maximum = saved }
        #expect(saved >= 1)
        ComputeThreads.maximum = 0
        #expect(ComputeThreads.maximum == 1)
    }
}
