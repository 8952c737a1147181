import DendriteCore

extension Losses {
    /// Binary focal cross-entropy (Lin et al. 2017), Keras 3's definition: with p the probability
    /// (`sigmoid(z)` when `fromLogits`), y the smoothed target and `bce` the clipped binary
    /// cross-entropy, each element is `(1 − pₜ)^γ · bce` where `pₜ = y·p + (1 − y)·(1 − p)`,
    /// times `α·y + (1 − α)·(1 − y)` when `applyClassBalancing`; the mean over the last axes per sample.
    /// Easy examples (pₜ near 1) weigh less, so training focuses on the hard ones.
    ///
    /// - Parameters:
    ///   - applyClassBalancing: weight positives by α and negatives by 1 − α (default false).
    ///   - alpha: the positive class's weight, in [0, 1] (default 0.25).
    ///   - gamma: the focusing exponent, ≥ 0; 0 gives binary cross-entropy (default 2).
    ///   - fromLogits: the output is logits rather than probabilities (default false).
    ///   - labelSmoothing: in [0, 1]; targets become `y·(1 − s) + s/2` (default 0).
    public struct BinaryFocalCrossentropy: LossFunction {
        public var applyClassBalancing: Bool
        public var alpha: Float
        public var gamma: Float
        public var fromLogits: Bool
        public var labelSmoothing: Float

        public init(applyClassBalancing: Bool = false, alpha: Float = 0.25, gamma: Float = 2, fromLogits: Bool = false,
                    labelSmoothing: Float = 0) {
            self.applyClassBalancing = applyClassBalancing
            self.alpha = alpha
            self.gamma = gamma
            self.fromLogits = fromLogits
            self.labelSmoothing = labelSmoothing
        }

        public var name: String { "binary_focal_crossentropy" }
        public var configuration: [String: JSONValue] {
            ["apply_class_balancing": .bool(applyClassBalancing), "alpha": .float(alpha), "gamma": .float(gamma),
             "from_logits": .bool(fromLogits), "label_smoothing": .float(labelSmoothing)]
        }
        public var targetKind: LossTargets { .probabilities }
        public var outputActivation: Activation? { fromLogits ? .sigmoid : nil }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            var y = targets.aligned(to: output)
            if labelSmoothing != 0 { y = y * (1 - labelSmoothing) + 0.5 * labelSmoothing }
            // Keras applies the sigmoid and then the clipped form, even from logits.
            let p = fromLogits ? output.sigmoid() : output
            let clipped = p.clamped(to: lossEpsilon, 1 - lossEpsilon)
            let crossEntropy = -(y * clipped.log() + (1 - y) * (1 - clipped).log())
            let agreement = y * p + (1 - y) * (1 - p)
            var focal = (1 - agreement).pow(gamma) * crossEntropy
            if applyClassBalancing { focal = (y * alpha + (1 - y) * (1 - alpha)) * focal }
            return focal.rowMean()
        }

        public func validate() throws {
            try requireUnitInterval(alpha, "alpha")
            try requireUnitInterval(labelSmoothing, "labelSmoothing")
            guard gamma >= 0, gamma.isFinite else { throw DendriteError.argument("\(name): gamma must be ≥ 0, got \(gamma)") }
        }
    }
}
