import DendriteCore

/// Maps a Keras loss name to how to rebuild the loss from its `config.json` entry, so that
/// `Sequential.load(from:)` and the `dendrite` command can make any registered loss. The built-in
/// losses are registered (with Keras' aliases `mse` and `mae`); a new one registers with one line:
///
/// ```swift
/// LossRegistry.register("mean_cubic_error") { _ in MeanCubicError() }
/// LossRegistry.register("tilted") { try Tilted(tau: $0.float("tau", default: 0.5)) }
/// ```
public enum LossRegistry {
    private static let registry = NameRegistry<any LossFunction>([
        "mean_squared_error": { _ in Losses.MeanSquaredError() },
        "mse": { _ in Losses.MeanSquaredError() },
        "mean_absolute_error": { _ in Losses.MeanAbsoluteError() },
        "mae": { _ in Losses.MeanAbsoluteError() },
        "huber": { Losses.Huber(delta: try $0.float("delta", default: 1)) },
        "binary_crossentropy": {
            Losses.BinaryCrossentropy(fromLogits: try $0.bool("from_logits", default: false),
                                      labelSmoothing: try $0.float("label_smoothing", default: 0))
        },
        "categorical_crossentropy": {
            Losses.CategoricalCrossentropy(fromLogits: try $0.bool("from_logits", default: false),
                                           labelSmoothing: try $0.float("label_smoothing", default: 0))
        },
        "sparse_categorical_crossentropy": {
            Losses.SparseCategoricalCrossentropy(fromLogits: try $0.bool("from_logits", default: false))
        },
        "binary_focal_crossentropy": {
            Losses.BinaryFocalCrossentropy(applyClassBalancing: try $0.bool("apply_class_balancing", default: false),
                                           alpha: try $0.float("alpha", default: 0.25), gamma: try $0.float("gamma", default: 2),
                                           fromLogits: try $0.bool("from_logits", default: false),
                                           labelSmoothing: try $0.float("label_smoothing", default: 0))
        },
        "kl_divergence": { _ in Losses.KLDivergence() },
        "hinge": { _ in Losses.Hinge() },
        "squared_hinge": { _ in Losses.SquaredHinge() },
        "categorical_hinge": { _ in Losses.CategoricalHinge() },
        "cosine_similarity": { _ in Losses.CosineSimilarity() },
        "log_cosh": { _ in Losses.LogCosh() },
        "poisson": { _ in Losses.Poisson() },
    ])

    /// Makes the loss named `name` loadable: `decode` rebuilds it from its saved settings (replacing
    /// an earlier registration of that name).
    public static func register(_ name: String, _ decode: @escaping @Sendable (SavedSettings) throws -> any LossFunction) {
        registry.register(name, decode)
    }

    /// The registered names, sorted.
    public static var names: [String] { registry.names }

    /// The loss a `config.json` entry (`"mse"` or `{"name": …, <settings>}`) describes, its settings
    /// checked. Throws ``DendriteError`` (`.invalidFile`) for unknown names and bad settings.
    public static func loss(from configuration: JSONValue) throws -> Loss {
        let settings = try SavedSettings(configuration, setting: "loss")
        let loss = Loss(any: try registry.make(settings, family: "loss"))
        do { try loss.validate() } catch let error as DendriteError { throw settings.invalid(error.message) }
        return loss
    }

    /// The loss registered as `name`, with its default settings.
    public static func loss(named name: String) throws -> Loss { try loss(from: .string(name)) }
}
