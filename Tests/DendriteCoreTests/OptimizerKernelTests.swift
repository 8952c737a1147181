import CDendriteKernels
import Testing
@testable import DendriteCore

@Suite struct OptimizerKernelTests {
    /// The vector path (with its scalar tail) rounds exactly like the formula written out in Swift.
    @Test(arguments: [0, 1, 7, 8, 29, 1000, 70_001])
    func adamStepMatchesTheFormulaBitForBit(count: Int) {
        var generator = RandomGenerator(seed: UInt64(count) + 1)
        func random() -> [Float] { (0..<count).map { _ in generator.nextUnitFloat() * 2 - 1 } }
        let (w0, g, m0) = (random(), random(), random())
        let v0 = random().map(\.magnitude)
        let (alpha, c1, c2, epsilon): (Float, Float, Float, Float) = (0.01, 0.1, 0.001, 1e-7)

        var (w, m, v) = (w0, m0, v0)
        for i in 0..<count {
            m[i] += (g[i] - m[i]) * c1
            v[i] += (g[i] * g[i] - v[i]) * c2
            w[i] -= alpha * m[i] / (v[i].squareRoot() + epsilon)
        }
        for portable in [false, true] {
            var (kw, km, kv) = (w0, m0, v0)
            let step = portable ? dd_adam_step_portable : dd_adam_step
            step(&kw, g, &km, &kv, count, alpha, c1, c2, epsilon)
            #expect(kw.map(\.bitPattern) == w.map(\.bitPattern), "weights, portable: \(portable)")
            #expect(km.map(\.bitPattern) == m.map(\.bitPattern) && kv.map(\.bitPattern) == v.map(\.bitPattern))
        }
        // The Swift entry point splits large arrays between threads without changing a bit.
        for threads in [1, 2, 3] {
            var (kw, km, kv) = (w0, m0, v0)
            kw.withUnsafeMutableBufferPointer { kw in
                km.withUnsafeMutableBufferPointer { km in
                    kv.withUnsafeMutableBufferPointer { kv in
                        g.withUnsafeBufferPointer { g in
                            OptimizerKernels.adamStep(weights: kw, gradient: g, firstMoment: km, secondMoment: kv, alpha: alpha,
                                                      oneMinusBeta1: c1, oneMinusBeta2: c2, epsilon: epsilon,
                                                      maximumThreads: threads)
                        }
                    }
                }
            }
            #expect(kw.map(\.bitPattern) == w.map(\.bitPattern), "weights, \(threads) threads")
            #expect(km.map(\.bitPattern) == m.map(\.bitPattern) && kv.map(\.bitPattern) == v.map(\.bitPattern))
        }
    }
}
