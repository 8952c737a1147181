import DendriteCore

extension Activations {
    /// The exponential linear unit, `x` for x > 0 and `alpha · (eˣ − 1)` otherwise (Keras `elu`,
    /// saved as `{"name": "elu", "alpha": 1}`), element-wise, any shape. Default α = 1.
    /// Derivative 1 for x > 0, else `f(x) + α`.
    public struct ELU: ActivationFunction {
        public let alpha: Float
        public var name: String { "elu" }
        public var settings: [String: JSONValue] { ["alpha": .float(alpha)] }

        public init(alpha: Float = 1) {
            self.alpha = alpha
        }

        public init(configuration: ActivationConfiguration) throws {
            self.init(alpha: try configuration.float("alpha", default: 1))
        }

        public func callAsFunction(_ x: Tensor) -> Tensor { x.elu(alpha: alpha) }
    }
}

extension Activation {
    /// ELU with α = 1.
    public static let elu = Activation.elu(alpha: 1)

    /// ELU: `alpha · (eˣ − 1)` for x ≤ 0.
    public static func elu(alpha: Float) -> Activation { Activation(Activations.ELU(alpha: alpha)) }
}

extension Tensor {
    /// x for x > 0, `alpha · (eˣ − 1)` otherwise.
    public func elu(alpha: Float = 1) -> Tensor {
        unary("elu", { $0 > 0 ? $0 : alpha * (_exp($0) - 1) }) { x, y, g in
            Tensor.zipMap(g, Tensor.zipMap(x, y) { x, y in x > 0 ? 1 : y + alpha }) { $0 * $1 }
        }
    }
}
