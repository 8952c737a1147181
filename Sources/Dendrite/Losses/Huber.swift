import DendriteCore

extension Losses {
    /// Huber loss: with e = |ŷ − y|, `½e²` for e ≤ δ and `δ·(e − ½δ)` beyond, averaged per sample.
    /// Quadratic near zero, linear (robust to outliers) far away. Default δ = 1.
    public struct Huber: LossFunction {
        public var delta: Float

        public init(delta: Float = 1) { self.delta = delta }
        public var name: String { "huber" }
        public var configuration: [String: JSONValue] { ["delta": .float(delta)] }

        public func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
            let error = (output - targets.aligned(to: output)).abs()
            let quadratic = error.clamped(to: 0, delta)
            return (quadratic.squared() * 0.5 + (error - quadratic) * delta).rowMean()
        }

        public func validate() throws {
            guard delta > 0, delta.isFinite else { throw DendriteError.argument("huber: delta must be > 0, got \(delta)") }
        }
    }
}
