import DendriteCore

extension Losses {
    /// Sparse categorical cross-entropy: `−log p[label]` per sample, for class ids `[batch]` and
    /// outputs `[batch, classes]`, with the output rescaled to sum to 1 and clipped as Keras does,
    /// or from logits through a log-softmax. (Keras 3 gives this loss no label smoothing.)
    ///
    /// - Parameter fromLogits: the output is logits rather than probabilities (default false).
    public struct SparseCategoricalCrossentropy: LossFunction, GraphFreeLoss {
        public var fromLogits: Bool

        public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

        public var name: String { "sparse_categorical_crossentropy" }
        public var configuration: [String: JSONValue] { ["from_logits": .bool(fromLogits)] }
        public var targetKind: LossTargets { .classIndices }
        public var fusableActivation: Activation? { fromLogits ? nil : .softmax }
        public var outputActivation: Activation? { fromLogits ? .softmax : nil }
        var graphFreeForm: GraphFreeCrossEntropy? { .sparseSoftmax }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            if fromLogits { return perSample(logits: output, targets) }
            let labels = targets.scalars.map { Int($0) }
            let p = (output / output.sum(alongAxes: [-1], keepingDimensions: true)).clamped(to: lossEpsilon, 1 - lossEpsilon)
            let picked = p.reshaped([-1]).gathering(labels.enumerated().map { $0.offset * output.shape[1] + $0.element })
            return -picked.log()
        }

        public func perSample(logits: Tensor, _ targets: Tensor) -> Tensor {
            Tensor.sparseSoftmaxCrossEntropy(logits: logits, labels: targets.scalars.map { Int($0) })
        }
    }
}
