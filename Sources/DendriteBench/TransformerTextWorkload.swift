import Dendrite

/// W6 of the peers: the Keras "Text classification with Transformer" example without dropout and with a
/// smaller head. Token ids `[batch, sequenceLength]` (as Float) → token embedding + learned position
/// embedding (`modelDim` wide) → `blocks` post-norm ``TransformerEncoder`` blocks (`heads` heads of
/// `modelDim / heads`, feed-forward `feedforwardDim` with ReLU, LayerNorm ε 1e-6, dropout 0) →
/// GlobalAveragePooling1D → Dense(classes, softmax). Adam 1e-3, sparse CCE, batch 32.
///
/// Defaults are the peers' sizes: 661,252 parameters. The data (`make_w6`): 10,000 training and 2,000
/// test sequences of 64 ids below 2,000; the label is the vocabulary quarter most frequent among the first
/// 16 positions, so the model has to use positions.
struct TransformerTextWorkload {
    var vocabulary = 2000
    var sequenceLength = 64
    var modelDim = 128
    var heads = 4
    var feedforwardDim = 512
    var blocks = 2
    var classes = 4
    var batch = 32

    /// The compiled model, built (weights drawn) for sequences of `sequenceLength` ids.
    func makeModel(seed: UInt64 = 0) throws -> Sequential {
        let model = Sequential(seed: seed)
        model.add(TokenAndPositionEmbedding(vocabularySize: vocabulary, sequenceLength: sequenceLength,
                                            embeddingDim: modelDim, inputShape: [sequenceLength]))
        for _ in 0..<blocks {
            model.add(TransformerEncoder(intermediateDim: feedforwardDim, numHeads: heads, layerNormEpsilon: 1e-6))
        }
        model.add(GlobalAveragePooling1D())
        model.add(Dense(classes, activation: .softmax))
        try model.build(inputShape: [sequenceLength])
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy)
        return model
    }

    /// The peers' `w6_macs`: per block, Q/K/V projections 3·L·d·hk, scores and weighted values 2·L²·hk,
    /// output projection L·hk·d, feed-forward 2·L·d·ff; plus the head (hk = d here).
    var forwardMACsPerSample: Int {
        let (steps, width) = (sequenceLength, modelDim)
        let block = 3 * steps * width * width + 2 * steps * steps * width + steps * width * width
            + 2 * steps * width * feedforwardDim
        return blocks * block + width * classes
    }

    var description: ModernWorkloadRun.Description {
        ModernWorkloadRun.Description(workload: "W6", batch: batch, forwardMACsPerSample: forwardMACsPerSample, extra: [
            "model": .string("TokenAndPositionEmbedding(\(vocabulary), \(sequenceLength), \(modelDim)) - \(blocks)x "
                             + "TransformerEncoder(\(heads) heads, ff \(feedforwardDim), post-norm, eps 1e-6, dropout 0) "
                             + "- GlobalAveragePooling1D - Dense(\(classes), softmax)"),
        ])
    }
}
