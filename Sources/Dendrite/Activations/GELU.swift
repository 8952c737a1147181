import DendriteCore

extension Activations {
    /// The Gaussian error linear unit `x · Φ(x)` (Keras `gelu`, saved as
    /// `{"name": "gelu", "approximate": false}`), element-wise, any shape. By default the exact
    /// (erf) form, Keras' and PyTorch's default; `approximate` uses
    /// `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`.
    public struct GELU: ActivationFunction {
        public let approximate: Bool
        public var name: String { "gelu" }
        public var settings: [String: JSONValue] { ["approximate": .bool(approximate)] }

        public init(approximate: Bool = false) {
            self.approximate = approximate
        }

        public init(configuration: ActivationConfiguration) throws {
            self.init(approximate: try configuration.bool("approximate", default: false))
        }

        public func callAsFunction(_ x: Tensor) -> Tensor { x.gelu(approximate: approximate) }
    }
}

extension Activation {
    /// Exact (erf) GELU.
    public static let gelu = Activation.gelu(approximate: false)

    /// GELU, exact or with the tanh approximation.
    public static func gelu(approximate: Bool) -> Activation { Activation(Activations.GELU(approximate: approximate)) }
}

extension Tensor {
    /// Gaussian error linear unit: `x · Φ(x)` exactly (Keras' and PyTorch's default), or the tanh
    /// approximation when `approximate` is true.
    public func gelu(approximate: Bool = false) -> Tensor {
        let root2OverPi: Float = 0.797_884_56, cubic: Float = 0.044_715
        if approximate {
            return unary("gelu", { x in
                0.5 * x * (1 + _tanh(root2OverPi * (x + cubic * x * x * x)))
            }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in
                    let inner = root2OverPi * (x + cubic * x * x * x)
                    let t = _tanh(inner)
                    return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * root2OverPi * (1 + 3 * cubic * x * x))
                }
            }
        }
        let inverseRoot2: Float = 0.707_106_78, inverseRoot2Pi: Float = 0.398_942_28
        return unary("gelu", { x in 0.5 * x * (1 + _erf(x * inverseRoot2)) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in
                g * (0.5 * (1 + _erf(x * inverseRoot2)) + x * inverseRoot2Pi * _exp(-0.5 * x * x))
            }
        }
    }
}
