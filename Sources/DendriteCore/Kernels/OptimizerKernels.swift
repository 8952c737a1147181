import CDendriteKernels

/// Element-wise optimizer updates over raw buffers (C, AVX2 where available).
package enum OptimizerKernels {
    /// One Adam step in place; see `dd_adam_step` for the exact formula and rounding.
    package static func adamStep(weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                                 firstMoment: UnsafeMutableBufferPointer<Float>, secondMoment: UnsafeMutableBufferPointer<Float>,
                                 alpha: Float, oneMinusBeta1: Float, oneMinusBeta2: Float, epsilon: Float,
                                 maximumThreads: Int = ComputeThreads.maximum) {
        precondition(gradient.count == weights.count && firstMoment.count == weights.count && secondMoment.count == weights.count,
                     "adamStep: buffers of \(weights.count), \(gradient.count), \(firstMoment.count), \(secondMoment.count) elements")
        guard let w = weights.baseAddress, let g = gradient.baseAddress,
              let m = firstMoment.baseAddress, let v = secondMoment.baseAddress else { return }
        let count = weights.count
        let parts = count >= parallelThreshold ? Swift.max(maximumThreads, 1) : 1
        // Every element is updated on its own; cutting at multiples of the vector width leaves the
        // same elements to the scalar tail as one call would, so the bits do not depend on `parts`.
        let chunk = ((count + parts - 1) / parts + 7) / 8 * 8
        Parallel.forEach(parts, maximumThreads: parts) { part in
            let start = part * chunk
            guard start < count else { return }
            dd_adam_step(w + start, g + start, m + start, v + start, Swift.min(chunk, count - start), alpha,
                         oneMinusBeta1, oneMinusBeta2, epsilon)
        }
    }

    /// From this many weights on, an Adam step is split between threads (each weight costs a
    /// square root and a division; below this the hand-off costs more than the second core saves).
    package static let parallelThreshold = 1 << 12
}
