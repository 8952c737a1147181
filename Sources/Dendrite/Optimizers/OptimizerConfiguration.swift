import DendriteCore

/// An optimizer as `config.json` saves it: its registered name and Keras' `get_config` keys, e.g.
///
/// ```json
/// {"name": "adam", "learning_rate": 0.001, "weight_decay": 0, "clipnorm": null, "global_clipnorm": null,
///  "clipvalue": null, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}
/// ```
///
/// An optimizer reads its own settings back in `init(configuration:)` with the typed accessors,
/// which take Keras' default for a missing key (so files saved before a setting existed still
/// load) and throw ``DendriteError`` (`.invalidFile`) naming the optimizer, the key and what was
/// expected. Keras' own files load too: its keys for features Dendrite lacks (`use_ema`,
/// `loss_scale_factor`, `gradient_accumulation_steps`) are accepted while they are switched off.
public struct OptimizerConfiguration: SettingsReader, Sendable, Equatable {
    /// The key in ``OptimizerRegistry``, e.g. `adam`.
    public var name: String
    /// Every other key, Keras' names.
    public var settings: [String: JSONValue]

    public init(name: String, settings: [String: JSONValue] = [:]) {
        self.name = name
        self.settings = settings
    }

    /// The configuration of `optimizer`: the common settings and its own ``Optimizer/settings``.
    public init(_ optimizer: any Optimizer) {
        name = optimizer.name
        settings = optimizer.settings.merging([
            "learning_rate": .float(optimizer.learningRate),
            "weight_decay": .float(optimizer.weightDecay),
            "clipnorm": optimizer.clipping.norm.map(JSONValue.float) ?? .null,
            "global_clipnorm": optimizer.clipping.globalNorm.map(JSONValue.float) ?? .null,
            "clipvalue": optimizer.clipping.value.map(JSONValue.float) ?? .null,
        ]) { _, common in common }
    }

    /// From the JSON object (or bare name) in `config.json`.
    init(json: JSONValue) throws {
        guard case .object(var fields) = json, case .string(let name)? = fields.removeValue(forKey: "name") else {
            guard case .string(let name) = json else {
                throw DendriteError(.invalidFile, "compile setting 'optimizer' must be a name or an object with a \"name\", got \(json.messageText)")
            }
            self.init(name: name)
            return
        }
        self.init(name: name, settings: fields)
    }

    /// The JSON object saved in `config.json`.
    var json: JSONValue { .object(settings.merging(["name": .string(name)]) { _, name in name }) }

    /// An error naming this optimizer and one of its settings.
    public func problem(_ key: String, _ message: String) -> DendriteError {
        DendriteError(.invalidFile, "optimizer '\(name)': setting '\(key)' \(message)")
    }

    /// Sets the settings every optimizer shares on `optimizer` (those present), and refuses Keras
    /// features that are switched on but that Dendrite does not have.
    func applyCommonSettings(to optimizer: inout any Optimizer) throws {
        if let rate = try optionalFloat("learning_rate") { optimizer.learningRate = rate }
        // Keras writes `None` for no decay; a missing key keeps the optimizer's own default (AdamW's).
        if let raw = settings["weight_decay"] { optimizer.weightDecay = raw == .null ? 0 : try float("weight_decay", default: 0) }
        optimizer.clipping = GradientClipping(norm: try optionalFloat("clipnorm"), globalNorm: try optionalFloat("global_clipnorm"),
                                              value: try optionalFloat("clipvalue"))
        if try bool("use_ema", default: false) { throw problem("use_ema", "is not supported (Dendrite keeps no moving average of the weights)") }
        if let factor = try optionalFloat("loss_scale_factor") {
            throw problem("loss_scale_factor", "is not supported (Dendrite trains in float32 without loss scaling), got \(factor)")
        }
        if let steps = try optionalFloat("gradient_accumulation_steps"), steps != 1 {
            throw problem("gradient_accumulation_steps", "is not supported (every batch is one update), got \(steps)")
        }
    }
}
