import DendriteCore

/// An activation function, usable as a layer option (`Dense(8, activation: .relu)`) or on its own
/// (`Activation.relu(x)`).
public enum Activation: Sendable, Equatable, Hashable {
    case linear
    case step
    case sigmoid
    case tanh
    case relu
    case leakyRelu(slope: Float)
    case softmax
    case elu(alpha: Float)
    case selu
    case gelu(approximate: Bool)
    case swish
    case softplus
    case hardSigmoid

    /// Leaky ReLU with slope 0.01.
    public static let leakyRelu = Activation.leakyRelu(slope: 0.01)
    /// ELU with α = 1.
    public static let elu = Activation.elu(alpha: 1)
    /// Exact (erf) GELU.
    public static let gelu = Activation.gelu(approximate: false)
    /// Swish's other name.
    public static let silu = Activation.swish

    /// Applies the function; softmax runs along the last axis.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .step: return x.step()
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        case .leakyRelu(let slope): return x.leakyRelu(slope: slope)
        case .softmax: return x.softmax(alongAxis: -1)
        case .elu(let alpha): return x.elu(alpha: alpha)
        case .selu: return x.selu()
        case .gelu(let approximate): return x.gelu(approximate: approximate)
        case .swish: return x.swish()
        case .softplus: return x.softplus()
        case .hardSigmoid: return x.hardSigmoid()
        }
    }

    /// Keras' name for the function (used in summaries and saved configurations).
    public var name: String {
        switch self {
        case .linear: "linear"
        case .step: "step"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "relu"
        case .leakyRelu: "leaky_relu"
        case .softmax: "softmax"
        case .elu: "elu"
        case .selu: "selu"
        case .gelu: "gelu"
        case .swish: "swish"
        case .softplus: "softplus"
        case .hardSigmoid: "hard_sigmoid"
        }
    }

    /// The activation named `name` (Keras spelling), with default parameters.
    public init?(named name: String) {
        let all: [Activation] = [.linear, .step, .sigmoid, .tanh, .relu, .leakyRelu, .softmax, .elu, .selu,
                                 .gelu, .swish, .softplus, .hardSigmoid]
        guard let match = all.first(where: { $0.name == name }) ?? (name == "silu" ? .swish : nil) else { return nil }
        self = match
    }
}
