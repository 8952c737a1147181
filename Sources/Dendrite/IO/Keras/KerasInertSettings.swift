import DendriteCore

/// Settings Keras writes that Dendrite's layers do not implement, with the values under which they
/// change nothing. A configuration read from a file (Dendrite's own, or a Keras model's) may
/// hold a key that the rebuilt layer does not write back in its own configuration only if the key
/// is here with such a value: a Keras model whose layer uses, say, `data_format="channels_first"`
/// or `renorm=True` is refused with a message naming the layer and the setting, never run
/// with the setting silently dropped.
enum KerasInertSettings {
    /// Accepted values per key; `nil` means any value (bookkeeping Keras keeps, such as seeds).
    private static let accepted: [String: [JSONValue]?] = [
        // Constraints, penalties on outputs and quantization Dendrite does not implement.
        "kernel_constraint": [.null], "bias_constraint": [.null], "recurrent_constraint": [.null],
        "embeddings_constraint": [.null], "beta_constraint": [.null], "gamma_constraint": [.null],
        "alpha_constraint": [.null], "depthwise_constraint": [.null], "pointwise_constraint": [.null],
        "activity_regularizer": [.null], "kernel_regularizer": [.null], "bias_regularizer": [.null],
        "recurrent_regularizer": [.null], "beta_regularizer": [.null], "gamma_regularizer": [.null],
        "embeddings_regularizer": [.null], "alpha_regularizer": [.null], "noise_shape": [.null], "quantization_config": [.null], "lora_rank": [.null], "lora_alpha": nil,
        // Layout and algorithm choices with one value in Dendrite.
        "data_format": ["channels_last"], "groups": [.number(1)], "synchronized": [false],
        "mask_zero": [false], "stateful": [false], "renorm": [false], "renorm_clipping": [.null], "renorm_momentum": nil, "dropout": [.number(0)], "recurrent_dropout": [.number(0)],
        "use_gate": [false], "sliding_window": [.null], "attention_axes": [.null, [.number(1)]],
        "sparse": [false], "ragged": [false], "optional": [false],
        // Bookkeeping: how Keras draws random numbers or schedules work, not what a layer computes.
        "seed": nil, "unroll": nil, "use_cudnn": nil, "zero_output_for_mask": nil, "implementation": nil,
        "batch_shape": nil, "batch_input_shape": nil, "input_length": nil, "autocast": nil,
        // Keras 2: build shapes recorded in the configuration, and the layout of recurrent inputs.
        "query_shape": nil, "key_shape": nil, "value_shape": nil, "time_major": [false], "softmax_robust_masking": [false],
    ]

    /// Throws if `configuration` (as read) holds a setting that `layer` does not write back and that
    /// is not inert at its value.
    static func requireUnderstood(_ configuration: LayerConfiguration, by layer: any GraphLayer) throws {
        let written = layer.configuration.settings
        for (key, value) in configuration.settings.sorted(by: { $0.key < $1.key }) where written[key] == nil {
            if key == "dtype" {
                try requireFloat32(value, configuration)
                continue
            }
            guard let values = accepted[key] else {
                throw configuration.problem(key, "is a Keras setting Dendrite's \(configuration.type) does not have "
                                            + "(value \(value.messageText.prefix(80))); the layer cannot be rebuilt faithfully")
            }
            if let values, !values.contains(value) {
                throw configuration.problem(key, "is \(value.messageText.prefix(80)), which Dendrite does not implement "
                                            + "(it supports only \(values.map(\.messageText).joined(separator: " or ")))")
            }
        }
    }

    /// Layers compute in float32; a float32 or float64 policy (the latter computed in float32) is
    /// accepted, and an input layer may declare any type (its values become floats).
    private static func requireFloat32(_ value: JSONValue, _ configuration: LayerConfiguration) throws {
        guard configuration.type != "InputLayer" else { return }
        var name = value
        if case .object(let policy) = value, case .object(let settings)? = policy["config"], let inner = settings["name"] { name = inner }
        guard [.null, "float32", "float64"].contains(name) else {
            throw configuration.problem("dtype", "is \(name.messageText.prefix(80)); Dendrite computes in float32 (and accepts float64 models)")
        }
    }
}
