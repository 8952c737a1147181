import DendriteCore

extension Metrics {
    /// Mean intersection over union: with a confusion matrix C over `numClasses` classes summed
    /// over the epoch, `IoUᵢ = Cᵢᵢ / (Σⱼ Cᵢⱼ + Σⱼ Cⱼᵢ − Cᵢᵢ)`, averaged over the classes that occur
    /// (Keras' `MeanIoU`, with its 1e-7 guards).
    ///
    /// Dendrite's metrics see probabilities, so predictions are classes by the argmax of each row
    /// (`> 0.5` for one output), as Keras' `sparse_y_pred=False`; targets are class ids `[batch]` or
    /// one-hot rows. Ids outside `0..<numClasses` are skipped, as Keras does.
    public struct MeanIoU: StreamingMetric {
        public var numClasses: Int

        public init(numClasses: Int) { self.numClasses = numClasses }
        public var name: String { "mean_io_u" }
        public var configuration: [String: JSONValue] { ["num_classes": .int(numClasses)] }
        /// The confusion matrix, row = target class, column = predicted class.
        public var initialState: [Double] { Array(repeating: 0, count: Swift.max(numClasses, 0) * Swift.max(numClasses, 0)) }

        public func update(_ state: inout [Double], predictions: Tensor, targets: Tensor) {
            let rows = predictions.shape[0]
            let truth = targets.count == rows && predictions.count > rows
                ? targets.classIds : targets.predictedClasses
            for (target, predicted) in zip(truth, predictions.predictedClasses)
            where (0..<numClasses).contains(target) && (0..<numClasses).contains(predicted) {
                state[target * numClasses + predicted] += 1
            }
        }

        public func result(_ state: [Double]) -> Float {
            let epsilon = 1e-7
            var sum = 0.0, present = 0.0
            for c in 0..<numClasses {
                var row = 0.0, column = 0.0
                for j in 0..<numClasses {
                    row += state[c * numClasses + j]
                    column += state[j * numClasses + c]
                }
                let union = row + column - state[c * numClasses + c]
                guard union > 1e-9 else { continue }
                present += 1
                sum += state[c * numClasses + c] / (union + epsilon)
            }
            return Float(sum / (present + epsilon))
        }

        public func validate() throws {
            guard numClasses >= 2 else { throw DendriteError.argument("\(name): numClasses must be ≥ 2, got \(numClasses)") }
        }
    }
}
