import CDendriteKernels

/// Element-wise transcendental functions over float arrays.
///
/// Each function reads `count` floats from `input` and writes `f(input[i])` to `output[i]`.
/// `output` may be the same pointer as `input` (in place) but must not otherwise overlap it.
///
/// On x86-64 CPUs with AVX2 and FMA the work runs eight lanes at a time with polynomial
/// approximations whose largest error, measured over every float in range against double
/// precision, is 0.8 ulp (log) to 2.0 ulp (softplus); elsewhere the C library's
/// float functions are used. Special values follow the C library: `exp(-inf) = 0`,
/// `exp(x) = inf` for `x > 88.72`, `log(0) = -inf`, `log(x < 0) = NaN`, `tanh` saturates to
/// exactly ±1, `sigmoid` stays in [0, 1], and NaN in gives NaN out.
package enum VectorMath {
    /// `eˣ`.
    package static func exp(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_vexp, input, output, count)
    }

    /// Natural logarithm, `ln x`.
    package static func log(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_vlog, input, output, count)
    }

    /// `ln(1 + x)`, accurate for `x` near 0 where `log(1 + x)` would lose digits.
    package static func log1p(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_vlog1p, input, output, count)
    }

    /// `tanh x = (eˣ - e⁻ˣ) / (eˣ + e⁻ˣ)`.
    package static func tanh(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_vtanh, input, output, count)
    }

    /// `σ(x) = 1 / (1 + e⁻ˣ)`, computed so that large `|x|` neither overflows nor loses tiny results.
    package static func sigmoid(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_vsigmoid, input, output, count)
    }

    /// `softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^-|x|)`, which never overflows.
    package static func softplus(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_vsoftplus, input, output, count)
    }

    /// The error function, `erf x = (2/√π) ∫₀ˣ e^(-t²) dt`, as used by exact GELU.
    package static func erf(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int) {
        run(dd_verf, input, output, count)
    }

    /// Whether this CPU takes the AVX2/FMA path.
    package static var usesAVX2: Bool { dd_vecmath_uses_avx2() }

    private static func run(
        _ kernel: @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void,
        _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        precondition(count >= 0, "VectorMath: count must be non-negative, got \(count)")
        kernel(input, output, count)
    }
}
