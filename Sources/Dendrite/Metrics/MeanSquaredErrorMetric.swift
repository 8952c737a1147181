import DendriteCore

// (The file name differs from the type's because SwiftPM needs unique file names per module: Losses/ has a
// MeanSquaredError.swift too.)
extension Metrics {
    /// The mean of `(ŷ − y)²` over every output seen (key `mse`).
    public struct MeanSquaredError: StreamingMetric {
        public init() {}
        public var name: String { "mse" }
        public var initialState: ErrorSums { ErrorSums() }

        public func update(_ state: inout ErrorSums, predictions: Tensor, targets: Tensor) { state.add(predictions, targets) }
        public func result(_ state: ErrorSums) -> Float { state.count > 0 ? Float(state.squared / state.count) : 0 }
    }
}
