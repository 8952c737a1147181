import CDendriteKernels

/// Element-wise optimizer updates over raw buffers (C, AVX2 where available).
package enum OptimizerKernels {
    /// One Adam step in place; see `dd_adam_step` for the exact formula and rounding.
    package static func adamStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                 firstMoment: UnsafeMutableBufferPointer<Float>, secondMoment: UnsafeMutableBufferPointer<Float>,
                                 alpha: Float, oneMinusBeta1: Float, oneMinusBeta2: Float, epsilon: Float, decay: Float) {
        precondition(gradient.count == weights.count && firstMoment.count == weights.count && secondMoment.count == weights.count,
                     "adamStep: buffers of \(weights.count), \(gradient.count), \(firstMoment.count), \(secondMoment.count) elements")
        guard let w = weights.baseAddress, let g = gradient.baseAddress,
              let m = firstMoment.baseAddress, let v = secondMoment.baseAddress else { return }
        dd_adam_step(w, g, m, v, weights.count, alpha, oneMinusBeta1, oneMinusBeta2, epsilon, decay)
    }
}
