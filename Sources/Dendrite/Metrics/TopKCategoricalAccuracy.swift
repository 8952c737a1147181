import DendriteCore

extension Metrics {
    /// The fraction of rows whose target class (the argmax of a one-hot row) is among the `k`
    /// largest outputs; ties with the k-th largest count as hits, as in Keras. Default k = 5.
    public struct TopKCategoricalAccuracy: StreamingMetric {
        public var k: Int

        public init(k: Int = 5) { self.k = k }
        public var name: String { "top_k_categorical_accuracy" }
        public var configuration: [String: JSONValue] { ["k": .int(k)] }
        public var initialState: HitCount { HitCount() }

        public func update(_ state: inout HitCount, predictions: Tensor, targets: Tensor) {
            countTopK(&state, predictions, targets.predictedClasses, k: k)
        }

        public func result(_ state: HitCount) -> Float { state.ratio }
        public func validate() throws { try requirePositiveK(k, name) }
    }
}

/// Adds a hit for every row whose output at `labels[row]` is at least its k-th largest output.
func countTopK(_ state: inout HitCount, _ predictions: Tensor, _ labels: [Int], k: Int) {
    let rows = predictions.shape[0], width = predictions.count / Swift.max(rows, 1), values = predictions.scalars
    for (row, label) in zip(0..<rows, labels) where (0..<width).contains(label) {
        let scores = values[(row * width)..<((row + 1) * width)]
        let kthLargest = scores.sorted(by: >)[Swift.min(Swift.max(k, 1), width) - 1]
        state.hits += scores[scores.startIndex + label] >= kthLargest ? 1 : 0
    }
    state.trials += Double(rows)
}

func requirePositiveK(_ k: Int, _ name: String) throws {
    guard k >= 1 else { throw DendriteError.argument("\(name): k must be ≥ 1, got \(k)") }
}
