import DendriteCore

extension Losses {
    /// Binary cross-entropy: `−mean(y·log p + (1 − y)·log(1 − p))` over the last axes, per sample,
    /// with p clipped to [1e-7, 1 − 1e-7] (Keras), or from logits z in the stable form
    /// `max(z, 0) − z·y + log(1 + e^−|z|)`.
    ///
    /// - Parameters:
    ///   - fromLogits: the output is logits rather than probabilities (default false).
    ///   - labelSmoothing: in [0, 1]; targets become `y·(1 − s) + s/2` (default 0).
    public struct BinaryCrossentropy: LossFunction, GraphFreeLoss {
        public var fromLogits: Bool
        public var labelSmoothing: Float

        public init(fromLogits: Bool = false, labelSmoothing: Float = 0) {
            self.fromLogits = fromLogits
            self.labelSmoothing = labelSmoothing
        }

        public var name: String { "binary_crossentropy" }
        public var configuration: [String: JSONValue] {
            ["from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing)]
        }
        public var targetKind: LossTargets { .probabilities }
        public var fusableActivation: Activation? { fromLogits ? nil : .sigmoid }
        public var outputActivation: Activation? { fromLogits ? .sigmoid : nil }
        var graphFreeForm: GraphFreeCrossEntropy? { labelSmoothing == 0 ? .sigmoid : nil }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            if fromLogits { return perSample(logits: output, targets) }
            let y = smoothed(targets.aligned(to: output))
            let p = output.clamped(to: lossEpsilon, 1 - lossEpsilon)
            return (-(y * p.log() + (1 - y) * (1 - p).log())).rowMean()
        }

        public func perSample(logits: Tensor, _ targets: Tensor) -> Tensor {
            Tensor.sigmoidCrossEntropy(logits: logits, targets: smoothed(targets.aligned(to: logits))).rowMean()
        }

        public func validate() throws { try requireUnitInterval(labelSmoothing, "labelSmoothing") }

        private func smoothed(_ y: Tensor) -> Tensor {
            labelSmoothing == 0 ? y : y * (1 - labelSmoothing) + 0.5 * labelSmoothing
        }
    }
}
