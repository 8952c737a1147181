import DendriteCore

extension Activations {
    /// The continuously differentiable ELU, `x` for x > 0 and `alpha · (e^(x/alpha) − 1)`
    /// otherwise (Keras `celu`, saved as `{"name": "celu", "alpha": 1}`), element-wise, any shape.
    /// Default α = 1 (where it equals ELU); α must not be 0. Derivative 1 for x > 0, else
    /// `e^(x/alpha)`.
    public struct CELU: ActivationFunction {
        public let alpha: Float
        public var name: String { "celu" }
        public var settings: [String: JSONValue] { ["alpha": .float(alpha)] }

        public init(alpha: Float = 1) {
            self.alpha = alpha
        }

        public init(configuration: ActivationConfiguration) throws {
            let alpha = try configuration.float("alpha", default: 1)
            guard alpha != 0 else { throw configuration.problem("alpha", "must not be 0 (CELU divides by it)") }
            self.init(alpha: alpha)
        }

        public func callAsFunction(_ x: Tensor) -> Tensor {
            let alpha = alpha
            return x.unary("celu", { $0 > 0 ? $0 : alpha * (_exp($0 / alpha) - 1) }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in x > 0 ? g : g * _exp(x / alpha) }
            }
        }
    }
}

extension Activation {
    /// CELU with α = 1.
    public static let celu = Activation.celu(alpha: 1)

    /// CELU: `alpha · (e^(x/alpha) − 1)` for x ≤ 0.
    public static func celu(alpha: Float) -> Activation { Activation(Activations.CELU(alpha: alpha)) }
}
