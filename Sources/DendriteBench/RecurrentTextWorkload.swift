import Dendrite

/// W5 of the peers: token ids `[batch, sequenceLength]` (as Float) → Embedding(vocabulary, embedding) →
/// LSTM(units) (last output; Keras defaults: tanh/sigmoid, Glorot kernel, orthogonal recurrent kernel,
/// forget-gate bias 1) → Dense(classes, softmax). Adam 1e-3, sparse CCE, batch 64.
///
/// Defaults are the peers' sizes: 227,332 parameters. The data (`make_w5`): 10,000 training and 2,000
/// test sequences of 64 ids below 2,000; the label is the vocabulary quarter holding the most tokens.
struct RecurrentTextWorkload {
    var vocabulary = 2000
    var sequenceLength = 64
    var embedding = 64
    var units = 128
    var classes = 4
    var batch = 64

    /// The compiled model, built (weights drawn) for sequences of `sequenceLength` ids.
    func makeModel(seed: UInt64 = 0) throws -> Sequential {
        let model = Sequential(seed: seed) {
            Embedding(vocabulary, embedding, inputShape: [sequenceLength])
            LSTM(units)
            Dense(classes, activation: .softmax)
        }
        try model.build(inputShape: [sequenceLength])
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy)
        return model
    }

    /// The peers' `w5_macs`: 4 gates × units × (embedding + units) per step, times the steps, plus the
    /// head; the embedding lookup is not counted.
    var forwardMACsPerSample: Int { sequenceLength * 4 * units * (embedding + units) + units * classes }

    var description: ModernWorkloadRun.Description {
        ModernWorkloadRun.Description(workload: "W5", batch: batch, forwardMACsPerSample: forwardMACsPerSample, extra: [
            "model": .string("Embedding(\(vocabulary),\(embedding))-LSTM(\(units))-Dense(\(classes)) (Sequential)"),
        ])
    }
}
