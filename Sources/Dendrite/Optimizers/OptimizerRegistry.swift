import Foundation

/// Maps an optimizer's name (``Optimizer/name``, Keras' where Keras has one) to the type that
/// rebuilds it, so that `Sequential.load(from:)` can restore any registered optimizer and the
/// `dendrite` command can offer them all. The built-in optimizers are registered; one of your own
/// registers with one line:
///
/// ```swift
/// OptimizerRegistry.register(SignSGD.self, as: "sign_sgd")
/// ```
public enum OptimizerRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var types: [String: any Optimizer.Type] = [
        "sgd": SGD.self,
        "rmsprop": RMSprop.self,
        "adam": Adam.self,
        "adamw": Adam.self,
        "adagrad": AdaGrad.self,
        "nadam": Nadam.self,
        "adamax": Adamax.self,
        "adadelta": Adadelta.self,
        "lion": Lion.self,
    ]

    /// Makes `type` loadable under `name` (replacing an earlier registration of that name); the
    /// type's ``Optimizer/name`` must be `name`.
    public static func register(_ type: any Optimizer.Type, as name: String) {
        lock.withLock { types[name] = type }
    }

    /// The registered names, sorted.
    public static var names: [String] { lock.withLock { types.keys.sorted() } }

    /// The optimizer a configuration describes (Keras' defaults for whatever it leaves out).
    public static func makeOptimizer(_ configuration: OptimizerConfiguration) throws -> any Optimizer {
        guard let type = lock.withLock({ types[configuration.name] }) else {
            throw DendriteError(.invalidFile, "unknown optimizer \(QuotedText.quoted(configuration.name)) (registered: \(names.joined(separator: ", ")))")
        }
        var optimizer = try type.init(configuration: configuration)
        try configuration.applyCommonSettings(to: &optimizer)
        return optimizer
    }

    /// The configuration to save for `optimizer`, which must be registered under its name, or
    /// loading would fail.
    static func configuration(of optimizer: any Optimizer) throws -> OptimizerConfiguration {
        guard let type = lock.withLock({ types[optimizer.name] }), ObjectIdentifier(type) == ObjectIdentifier(Swift.type(of: optimizer)) else {
            throw DendriteError.argument("save: the optimizer \(Swift.type(of: optimizer)) ('\(optimizer.name)') is not registered; call OptimizerRegistry.register(\(Swift.type(of: optimizer)).self, as: \"\(optimizer.name)\") so that it can be loaded")
        }
        return OptimizerConfiguration(optimizer)
    }
}
