import DendriteCore

extension Losses {
    /// Hinge loss `mean(max(1 − y·ŷ, 0))` over the last axes, per sample, for labels −1 or 1
    /// (when every target of the batch is 0 or 1 they are read as −1 and 1, as Keras does).
    public struct Hinge: LossFunction {
        public init() {}
        public var name: String { "hinge" }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            (1 - hingeLabels(targets.aligned(to: output)) * output).relu().rowMean()
        }
    }
}

/// Keras' `convert_binary_labels_to_hinge`: 0/1 labels become −1/1; any other batch is kept.
func hingeLabels(_ y: Tensor) -> Tensor {
    y.scalars.allSatisfy { $0 == 0 || $0 == 1 } ? y * 2 - 1 : y
}
