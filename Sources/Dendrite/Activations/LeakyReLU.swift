import DendriteCore

extension Activations {
    /// Leaky ReLU, `x` for x > 0 and `slope · x` otherwise (Keras `leaky_relu`), element-wise, any shape.
    ///
    /// In Swift the default slope is 0.01, as PyTorch and the course material. By name (a saved
    /// configuration, a Keras model, `Activation(named: "leaky_relu")`) it is Keras' activation,
    /// whose slope is 0.2; other slopes are saved as `{"name": "leaky_relu", "slope": 0.01}`.
    /// Loading rejects a negative slope, as Keras does.
    public struct LeakyReLU: ActivationFunction {
        public let slope: Float
        public var name: String { "leaky_relu" }
        public var settings: [String: JSONValue] { ["slope": .float(slope)] }

        public init(slope: Float = 0.01) {
            self.slope = slope
        }

        public init(configuration: ActivationConfiguration) throws {
            let slope = try configuration.float("slope", default: 0.2)
            guard slope >= 0 else { throw configuration.problem("slope", "must be ≥ 0, as in Keras, got \(slope)") }
            self.init(slope: slope)
        }

        public func callAsFunction(_ x: Tensor) -> Tensor { x.leakyRelu(slope: slope) }
    }
}

extension Activation {
    /// Leaky ReLU with slope 0.01.
    public static let leakyRelu = Activation.leakyRelu(slope: 0.01)

    /// Leaky ReLU: `slope · x` for x ≤ 0.
    public static func leakyRelu(slope: Float) -> Activation { Activation(Activations.LeakyReLU(slope: slope)) }
}

extension Tensor {
    /// x for x > 0, `slope · x` otherwise (default slope 0.01, as PyTorch and our course material;
    /// Keras' `LeakyReLU` layer defaults to 0.3).
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        unary("leakyRelu", { $0 > 0 ? $0 : slope * $0 }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in x > 0 ? g : slope * g }
        }
    }
}
