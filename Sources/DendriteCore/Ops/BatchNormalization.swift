// Batch normalisation over the last (channel) axis, forward and backward side by side.

extension Tensor {
    /// The channel count and the rows of a tensor seen as `[rows, channels]`.
    fileprivate func channelLayout(_ name: String, _ parameters: [(String, Tensor?)]) -> (rows: Int, channels: Int) {
        precondition(rank >= 1 && shape[rank - 1] > 0, "\(name): input of shape \(shape) has no channel axis")
        let channels = shape[rank - 1]
        for (label, parameter) in parameters {
            if let parameter {
                precondition(parameter.shape == [channels],
                             "\(name): \(label) of shape \(parameter.shape) for input \(shape) (expected [\(channels)])")
            }
        }
        return (count / channels, channels)
    }
}

private func values(_ tensor: Tensor?, default value: Float, count: Int) -> [Float] {
    tensor?.scalars ?? [Float](repeating: value, count: count)
}

/// Batch normalisation with the batch's own statistics (training mode), per channel `c` of the last axis:
///
///     μ = mean(x), σ² = mean((x − μ)²)  over every axis but the last (biased variance)
///     y = γ·(x − μ)/√(σ² + ε) + β
///
/// Shapes: input `[…, c]`; `scale` γ and `offset` β `[c]` (nil: 1 and 0). Returns `y` (same shape as
/// the input; differentiable in x, γ, β, the gradient also flowing through μ and σ²) and the batch
/// `mean` and `variance` `[c]` as plain values (for the moving averages).
public func batchNormalization(training input: Tensor, scale: Tensor?, offset: Tensor?, epsilon: Float)
    -> (output: Tensor, mean: Tensor, variance: Tensor) {
    let (rows, channels) = input.channelLayout("batchNormalization", [("scale", scale), ("offset", offset)])
    let x = input.buffer.baseAddress!
    let (mean, variance) = ChannelKernels.moments(x, rows: rows, channels: channels)
    let gamma = values(scale, default: 1, count: channels), beta = values(offset, default: 0, count: channels)
    let inverseDeviation = variance.map { 1 / ($0 + Double(epsilon)).squareRoot() }
    let a = (0..<channels).map { Double(gamma[$0]) * inverseDeviation[$0] }
    let output = ChannelKernels.affine(x, a.map { Float($0) },
                                       plus: (0..<channels).map { Float(Double(beta[$0]) - mean[$0] * a[$0]) },
                                       rows: rows, channels: channels)
    let (saved, hasScale, hasOffset) = (input.detached(), scale != nil, offset != nil)
    let result = Tensor.recorded("batchNormalization", shape: input.shape, storage: output,
                                 inputs: [input] + [scale, offset].compactMap { $0 }) { gradient in
        let g = gradient.buffer.baseAddress!
        let (sumG, sumGCentered) = ChannelKernels.gradientSums(g, x: saved.buffer.baseAddress!, center: mean,
                                                               rows: rows, channels: channels)
        // dx = γ/σ · (g − mean(g) − x̂·mean(g·x̂)), written as k₁·g + k₂·x + k₀ per channel.
        let n = Double(rows)
        let k1 = (0..<channels).map { Double(gamma[$0]) * inverseDeviation[$0] }
        let k2 = (0..<channels).map { -k1[$0] * inverseDeviation[$0] * inverseDeviation[$0] * sumGCentered[$0] / n }
        let k0 = (0..<channels).map { -k1[$0] * sumG[$0] / n - k2[$0] * mean[$0] }
        let dx = ChannelKernels.affine(g, k1.map { Float($0) }, saved.buffer.baseAddress!, k2.map { Float($0) },
                                       plus: k0.map { Float($0) }, rows: rows, channels: channels)
        var gradients: [Tensor?] = [Tensor(shape: saved.shape, storage: dx)]
        if hasScale {
            gradients.append(Tensor((0..<channels).map { Float(sumGCentered[$0] * inverseDeviation[$0]) }))
        }
        if hasOffset { gradients.append(Tensor(sumG.map { Float($0) })) }
        return gradients
    }
    return (result, Tensor(mean.map { Float($0) }), Tensor(variance.map { Float($0) }))
}

/// Batch normalisation with given statistics (inference mode), per channel of the last axis:
/// `y = γ·(x − mean)/√(variance + ε) + β`.
///
/// Shapes: input `[…, c]`; `mean`, `variance`, `scale` γ, `offset` β `[c]` (γ, β nil: 1 and 0).
/// Differentiable in x, γ and β; `mean` and `variance` are constants.
public func batchNormalization(_ input: Tensor, mean: Tensor, variance: Tensor, scale: Tensor?, offset: Tensor?,
                               epsilon: Float) -> Tensor {
    let (rows, channels) = input.channelLayout(
        "batchNormalization", [("mean", mean), ("variance", variance), ("scale", scale), ("offset", offset)])
    let x = input.buffer.baseAddress!
    let gamma = values(scale, default: 1, count: channels), beta = values(offset, default: 0, count: channels)
    let center = mean.scalars.map { Double($0) }
    let inverseDeviation = variance.scalars.map { 1 / (Double($0) + Double(epsilon)).squareRoot() }
    let a = (0..<channels).map { Double(gamma[$0]) * inverseDeviation[$0] }
    let output = ChannelKernels.affine(x, a.map { Float($0) },
                                       plus: (0..<channels).map { Float(Double(beta[$0]) - center[$0] * a[$0]) },
                                       rows: rows, channels: channels)
    let (saved, hasScale, hasOffset) = (input.detached(), scale != nil, offset != nil)
    return Tensor.recorded("batchNormalization", shape: input.shape, storage: output,
                           inputs: [input] + [scale, offset].compactMap { $0 }) { gradient in
        let g = gradient.buffer.baseAddress!
        let (sumG, sumGCentered) = ChannelKernels.gradientSums(g, x: saved.buffer.baseAddress!, center: center,
                                                               rows: rows, channels: channels)
        let dx = ChannelKernels.affine(g, a.map { Float($0) }, plus: [Float](repeating: 0, count: channels),
                                       rows: rows, channels: channels)
        var gradients: [Tensor?] = [Tensor(shape: saved.shape, storage: dx)]
        if hasScale {
            gradients.append(Tensor((0..<channels).map { Float(sumGCentered[$0] * inverseDeviation[$0]) }))
        }
        if hasOffset { gradients.append(Tensor(sumG.map { Float($0) })) }
        return gradients
    }
}
