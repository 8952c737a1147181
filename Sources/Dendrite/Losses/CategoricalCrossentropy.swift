import DendriteCore

extension Losses {
    /// Categorical cross-entropy: `−Σ y·log p` over the last axis, per sample, with the output
    /// rescaled to sum to 1 and clipped to [1e-7, 1 − 1e-7] (Keras), or from logits through a
    /// log-softmax. Targets are distributions `[batch, classes]` (one-hot rows).
    ///
    /// - Parameters:
    ///   - fromLogits: the output is logits rather than probabilities (default false).
    ///   - labelSmoothing: in [0, 1]; targets become `y·(1 − s) + s/classes` (default 0).
    public struct CategoricalCrossentropy: LossFunction {
        public var fromLogits: Bool
        public var labelSmoothing: Float

        public init(fromLogits: Bool = false, labelSmoothing: Float = 0) {
            self.fromLogits = fromLogits
            self.labelSmoothing = labelSmoothing
        }

        public var name: String { "categorical_crossentropy" }
        public var configuration: [String: JSONValue] {
            ["from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing)]
        }
        public var targetKind: LossTargets { .distributions }
        public var fusableActivation: Activation? { fromLogits ? nil : .softmax }
        public var outputActivation: Activation? { fromLogits ? .softmax : nil }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            if fromLogits { return perSample(logits: output, targets) }
            let y = smoothed(targets.aligned(to: output))
            let p = (output / output.sum(alongAxes: [-1], keepingDimensions: true)).clamped(to: lossEpsilon, 1 - lossEpsilon)
            return -(y * p.log()).sum(alongAxes: [-1])
        }

        public func perSample(logits: Tensor, _ targets: Tensor) -> Tensor {
            Tensor.softmaxCrossEntropy(logits: logits, targets: smoothed(targets.aligned(to: logits)))
        }

        public func validate() throws { try requireUnitInterval(labelSmoothing, "labelSmoothing") }

        private func smoothed(_ y: Tensor) -> Tensor {
            labelSmoothing == 0 ? y : y * (1 - labelSmoothing) + labelSmoothing / Float(y.shape[y.rank - 1])
        }
    }
}
