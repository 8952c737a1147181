import Foundation

/// Which query–key pairs may attend, for ``scaledDotProductAttention(query:key:value:mask:causal:scale:)``.
/// The mask's shape broadcasts (NumPy rules) to the scores' `[batch…, queries, keys]`: `[queries, keys]`
/// is shared by every sample and head, `[batch, 1, queries, keys]` by the heads of one sample.
/// No gradient flows into a mask.
public enum AttentionMask {
    /// Non-zero: the query may attend to the key; zero: it may not (PyTorch's boolean `attn_mask`).
    case allowed(Tensor)
    /// Added to the scaled scores before the softmax (PyTorch's float `attn_mask`).
    case additive(Tensor)
}

/// `weights = softmax(Q·Kᵀ·scale + mask)`, `output = weights · V`, as PyTorch's
/// `scaled_dot_product_attention`, with its own pullback.
///
/// Shapes: query `[batch…, q, d]`, key `[batch…, k, d]`, value `[batch…, k, dᵥ]` with the same leading
/// axes (`[batch, q, d]` or `[batch, heads, q, d]`); output `[batch…, q, dᵥ]`, weights `[batch…, q, k]`.
/// `scale` defaults to `1/√d`. `causal` lets query i attend only to keys j ≤ i (PyTorch's `is_causal`,
/// aligned at the top left); it combines with `mask`. The softmax is fused and stable: each row's maximum
/// is subtracted before the exponential. A row with every key masked gets zero weights and a zero output
/// (PyTorch gives NaN there).
///
/// Backward, with P the weights, G the output's gradient and Γ the weights' own gradient:
/// `dV = Pᵀ·G`, `dP = G·Vᵀ + Γ`, `dS = scale · P ⊙ (dP − Σⱼ dP ⊙ P)`, `dQ = dS·K`, `dK = dSᵀ·Q`.
///
/// ```swift
/// let (output, weights) = scaledDotProductAttention(query: q, key: k, value: v, causal: true)
/// ```
public func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, mask: AttentionMask? = nil,
                                      causal: Bool = false, scale: Float? = nil) -> (output: Tensor, weights: Tensor) {
    let rank = query.rank
    let leading = Array(query.shape.dropLast(2))
    precondition(rank >= 2 && key.rank == rank && value.rank == rank
                 && Array(key.shape.dropLast(2)) == leading && Array(value.shape.dropLast(2)) == leading
                 && key.shape[rank - 1] == query.shape[rank - 1] && value.shape[rank - 2] == key.shape[rank - 2],
                 "scaledDotProductAttention: query \(query.shape), key \(key.shape) and value \(value.shape) do not fit")
    let (queries, depth) = (query.shape[rank - 2], query.shape[rank - 1])
    let (keys, valueDepth) = (key.shape[rank - 2], value.shape[rank - 1])
    let batch = Shape.count(leading)
    let scale = scale ?? 1 / Float(depth).squareRoot()
    let (q, k, v) = (query.detached(), key.detached(), value.detached())

    let scores = TensorStorage(count: batch * queries * keys)
    MatrixProduct.batched(q.buffer.baseAddress!, k.buffer.baseAddress!, scores.pointer, batch: batch,
                          m: queries, n: keys, k: depth, transposeA: false, transposeB: true, accumulate: false)
    let maskValues = mask.map { mask -> (values: Tensor, additive: Bool) in
        switch mask {
        case .allowed(let m): return (m.detached().broadcast(to: leading + [queries, keys]), false)
        case .additive(let m): return (m.detached().broadcast(to: leading + [queries, keys]), true)
        }
    }
    let probabilities = AttentionSoftmax.weights(scores, batch: batch, queries: queries, keys: keys,
                                                 scale: scale, mask: maskValues, causal: causal)

    let output = TensorStorage(count: batch * queries * valueDepth)
    MatrixProduct.batched(probabilities.pointer, v.buffer.baseAddress!, output.pointer, batch: batch,
                          m: queries, n: valueDepth, k: keys, transposeA: false, transposeB: false, accumulate: false)

    let p = Tensor(shape: leading + [queries, keys], storage: probabilities)
    let needs = (query.requiresGradient, key.requiresGradient, value.requiresGradient)
    /// dQ and dK from the weights' gradient dP (through the softmax and the scaled product).
    func queryKeyGradients(_ weightGradient: TensorStorage) -> [Tensor?] {
        let scores = AttentionSoftmax.scoreGradient(weightGradient, weights: probabilities.pointer,
                                                    rows: batch * queries, keys: keys, scale: scale)
        var gradients: [Tensor?] = [nil, nil]
        if needs.0 {
            let dq = TensorStorage(count: q.count)
            MatrixProduct.batched(scores.pointer, k.buffer.baseAddress!, dq.pointer, batch: batch,
                                  m: queries, n: depth, k: keys, transposeA: false, transposeB: false, accumulate: false)
            gradients[0] = Tensor(shape: q.shape, storage: dq)
        }
        if needs.1 {
            let dk = TensorStorage(count: k.count)
            MatrixProduct.batched(scores.pointer, q.buffer.baseAddress!, dk.pointer, batch: batch,
                                  m: keys, n: depth, k: queries, transposeA: true, transposeB: false, accumulate: false)
            gradients[1] = Tensor(shape: k.shape, storage: dk)
        }
        return gradients
    }

    let weights = Tensor.recorded("attentionWeights", shape: p.shape, storage: probabilities, inputs: [query, key]) { g in
        queryKeyGradients(g.storage)
    }
    let result = Tensor.recorded("attention", shape: leading + [queries, valueDepth], storage: output,
                                 inputs: [query, key, value]) { g in
        let dp = TensorStorage(count: batch * queries * keys)
        MatrixProduct.batched(g.buffer.baseAddress!, v.buffer.baseAddress!, dp.pointer, batch: batch,
                              m: queries, n: keys, k: valueDepth, transposeA: false, transposeB: true, accumulate: false)
        var gradients = needs.0 || needs.1 ? queryKeyGradients(dp) : [nil, nil]
        if needs.2 {
            let dv = TensorStorage(count: v.count)
            MatrixProduct.batched(p.buffer.baseAddress!, g.buffer.baseAddress!, dv.pointer, batch: batch,
                                  m: keys, n: valueDepth, k: queries, transposeA: true, transposeB: false, accumulate: false)
            gradients.append(Tensor(shape: v.shape, storage: dv))
        } else {
            gradients.append(nil)
        }
        return gradients
    }
    return (result, weights)
}

/// The fused softmax of attention scores and its backward pass, over rows of `keys` values.
package enum AttentionSoftmax {
    /// softmax(scores·scale + mask) row by row, overwriting `scores` (`[batch, queries, keys]`): masked and
    /// causally hidden positions become −∞ before the row maximum is subtracted; a row with nothing to
    /// attend to is zero.
    package static func weights(_ scores: TensorStorage, batch: Int, queries: Int, keys: Int,
                                scale: Float, mask: (values: Tensor, additive: Bool)?, causal: Bool) -> TensorStorage {
        let out = scores.pointer
        let maskPointer = mask?.values.buffer.baseAddress
        for row in 0..<(batch * queries) {
            let (line, query) = (out + row * keys, row % queries)
            var greatest = -Float.infinity
            for j in 0..<keys {
                var s = line[j] * scale
                if let maskPointer, let mask {
                    let m = maskPointer[row * keys + j]
                    s = mask.additive ? s + m : (m != 0 ? s : -.infinity)
                }
                if causal && j > query { s = -.infinity }
                line[j] = s
                greatest = Swift.max(greatest, s)
            }
            // A fully masked row keeps −∞ everywhere (e^−∞ = 0); shifting by −∞ would give NaN.
            let shift = greatest == -.infinity ? 0 : greatest
            for j in 0..<keys { line[j] -= shift }
        }
        VectorMath.exp(out, out, count: batch * queries * keys)
        for row in 0..<(batch * queries) {
            let line = out + row * keys
            var sum = 0.0
            for j in 0..<keys { sum += Double(line[j]) }
            guard sum > 0 else { continue }
            let total = Float(sum)
            for j in 0..<keys { line[j] /= total }
        }
        return scores
    }

    /// `dS = scale · P ⊙ (dP − Σⱼ dP ⊙ P)` per row: the scores' gradient from the weights' gradient.
    package static func scoreGradient(_ weightGradient: TensorStorage, weights: UnsafePointer<Float>,
                                      rows: Int, keys: Int, scale: Float) -> TensorStorage {
        let result = TensorStorage(count: rows * keys)
        let (out, dp) = (result.pointer, weightGradient.pointer)
        for row in 0..<rows {
            let offset = row * keys
            var dot = 0.0
            for j in 0..<keys { dot += Double(dp[offset + j]) * Double(weights[offset + j]) }
            let centre = Float(dot)
            for j in 0..<keys { out[offset + j] = scale * weights[offset + j] * (dp[offset + j] - centre) }
        }
        return result
    }
}
