import DendriteCore

extension Loss {
    /// The batch loss of an output whose time steps are masked (Keras' masked losses): the loss of
    /// every step, weighted by the mask and the sample weights, summed and divided by the number of
    /// unmasked steps,
    ///
    ///     loss = Σ_{b,t} mask[b,t] · w[b] · loss(output[b,t], target[b,t]) / Σ_{b,t} mask[b,t]
    ///
    /// and 0 when every step is masked. Shapes: `mask` `[batch, steps]`, `output`
    /// `[batch, steps, …]`, `targets` `[batch, steps, …]` (class ids `[batch, steps]` for the
    /// sparse loss), `sampleWeights` `[batch]`. `logits` are the output's pre-activation values
    /// when the loss takes the fused form.
    func masked(_ output: Tensor, logits: Tensor?, _ targets: Tensor, mask: Tensor, sampleWeights: Tensor?) -> Tensor {
        let batch = mask.shape[0]
        let steps = mask.count / Swift.max(batch, 1)
        func flattened(_ tensor: Tensor) -> Tensor {
            precondition(Array(tensor.shape.prefix(mask.rank)) == mask.shape,
                         "masked loss: mask \(mask.shape) does not cover tensor \(tensor.shape)")
            return tensor.reshaped([batch * steps] + tensor.shape.dropFirst(mask.rank))
        }
        let flatTargets = flattened(targets)
        let perStep = (logits.map { perSample(logits: flattened($0), flatTargets) }
            ?? perSample(flattened(output), flatTargets)).reshaped([batch, steps])
        var weights = mask.reshaped([batch, steps])
        if let sampleWeights { weights = weights * sampleWeights.reshaped([batch, 1]) }
        let valid = mask.sum().scalar
        let weighted = (perStep * weights).sum()
        return valid > 0 ? weighted / valid : weighted * 0
    }
}
