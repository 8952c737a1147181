import DendriteCore
import Foundation

/// Maps an activation's name (Keras' where Keras has it) to the type that rebuilds it from its
/// configuration, so that `config.json` can name any registered activation and the `dendrite`
/// command can offer them all. The built-in activations are registered (`silu` and `hard_swish`
/// as Keras' other names for `swish` and `hard_silu`); one of your own registers with one line:
///
/// ```swift
/// ActivationRegistry.register(Cube.self, as: "cube")
/// ```
public enum ActivationRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var types: [String: any ActivationFunction.Type] = [
        "linear": Activations.Linear.self,
        "step": Activations.Step.self,
        "sigmoid": Activations.Sigmoid.self,
        "tanh": Activations.Tanh.self,
        "relu": Activations.ReLU.self,
        "leaky_relu": Activations.LeakyReLU.self,
        "softmax": Activations.Softmax.self,
        "elu": Activations.ELU.self,
        "selu": Activations.SELU.self,
        "gelu": Activations.GELU.self,
        "swish": Activations.Swish.self,
        "silu": Activations.Swish.self,
        "softplus": Activations.Softplus.self,
        "hard_sigmoid": Activations.HardSigmoid.self,
        "softsign": Activations.Softsign.self,
        "exponential": Activations.Exponential.self,
        "relu6": Activations.ReLU6.self,
        "mish": Activations.Mish.self,
        "log_softmax": Activations.LogSoftmax.self,
        "hard_silu": Activations.HardSiLU.self,
        "hard_swish": Activations.HardSiLU.self,
        "log_sigmoid": Activations.LogSigmoid.self,
        "hard_tanh": Activations.HardTanh.self,
        "tanh_shrink": Activations.TanhShrink.self,
        "celu": Activations.CELU.self,
    ]

    /// Makes `type` loadable under `name`, replacing an earlier registration of that name. The
    /// type's ``ActivationFunction/name`` should be `name`, as that is what saving writes.
    public static func register(_ type: any ActivationFunction.Type, as name: String) {
        lock.withLock { types[name] = type }
    }

    /// The registered names, sorted.
    public static var names: [String] { lock.withLock { types.keys.sorted() } }

    /// The activation a configuration describes, its missing settings at their defaults; throws a
    /// ``DendriteError`` for an unknown name or a bad setting.
    public static func makeActivation(_ configuration: ActivationConfiguration) throws -> Activation {
        guard let type = lock.withLock({ types[configuration.name] }) else {
            throw configuration.report("names an unknown activation \(QuotedText.quoted(configuration.name)) (registered: \(names.joined(separator: ", ")))")
        }
        return Activation(try type.init(configuration: configuration))
    }
}
