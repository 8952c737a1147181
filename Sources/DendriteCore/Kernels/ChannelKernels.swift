import CDendriteKernels

/// Per-channel loops over a tensor seen as `[rows, channels]` (the channels-last layout): statistics
/// and gradient sums in Double, affine maps in Float. The loops are in `CDendriteKernels`.
package enum ChannelKernels {
    /// Mean and biased variance of each channel.
    package static func moments(_ x: UnsafePointer<Float>, rows: Int, channels: Int) -> (mean: [Double], variance: [Double]) {
        var mean = [Double](repeating: 0, count: channels), variance = mean
        mean.withUnsafeMutableBufferPointer { m in
            variance.withUnsafeMutableBufferPointer { v in
                dendrite_column_moments(x, rows, channels, m.baseAddress!, v.baseAddress!)
            }
        }
        return (mean, variance)
    }

    /// Σ g per channel and, given `x` and `center`, Σ g·(x − center) per channel.
    package static func gradientSums(_ g: UnsafePointer<Float>, x: UnsafePointer<Float>?, center: [Double],
                                     rows: Int, channels: Int) -> (sum: [Double], sumTimesCentered: [Double]) {
        var sum = [Double](repeating: 0, count: channels), sumTimesCentered = sum
        sum.withUnsafeMutableBufferPointer { s in
            sumTimesCentered.withUnsafeMutableBufferPointer { sx in
                center.withUnsafeBufferPointer { c in
                    dendrite_column_gradient_sums(g, x, x == nil ? nil : c.baseAddress, rows, channels,
                                                  s.baseAddress!, sx.baseAddress!)
                }
            }
        }
        return (sum, sumTimesCentered)
    }

    /// Σ over rows of each channel, as a `[channels]` storage (a bias gradient).
    package static func columnSums(_ g: UnsafePointer<Float>, rows: Int, channels: Int) -> TensorStorage {
        TensorStorage(copying: gradientSums(g, x: nil, center: [], rows: rows, channels: channels).sum.map { Float($0) })
    }

    /// `out = a·u + b·v + d`, each coefficient per channel; without `v`, `out = a·u + d`.
    package static func affine(_ u: UnsafePointer<Float>, _ a: [Float], _ v: UnsafePointer<Float>? = nil, _ b: [Float] = [],
                                plus d: [Float], rows: Int, channels: Int) -> TensorStorage {
        let result = TensorStorage(count: rows * channels)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                d.withUnsafeBufferPointer { d in
                    dendrite_column_affine(u, a.baseAddress!, v, v == nil ? nil : b.baseAddress, d.baseAddress!,
                                           rows, channels, result.pointer)
                }
            }
        }
        return result
    }

    /// ReLU's pullback from its output: `gradient` where `output > 0`, else 0.
    package static func reluPullback(_ gradient: Tensor, output: Tensor) -> Tensor {
        let result = TensorStorage(count: gradient.count)
        dendrite_relu_backward(gradient.buffer.baseAddress!, output.buffer.baseAddress!, gradient.count, result.pointer)
        return Tensor(shape: gradient.shape, storage: result)
    }
}
