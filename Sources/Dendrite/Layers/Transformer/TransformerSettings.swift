import DendriteCore

/// What KerasHub's `TransformerEncoder` and `TransformerDecoder` share: their settings, with their keys,
/// their checks and how they are read back, and the residual sub-block both are made of.
struct TransformerSettings {
    let intermediateDim: Int
    let numHeads: Int
    let dropout: Float
    let activation: Activation
    let layerNormEpsilon: Float
    let kernelInitializer: Initializer
    let biasInitializer: Initializer
    let normalizeFirst: Bool

    init(_ configuration: LayerConfiguration) throws {
        intermediateDim = try configuration.int("intermediate_dim")
        numHeads = try configuration.int("num_heads")
        dropout = try configuration.float("dropout")
        activation = try configuration.activation("activation")
        layerNormEpsilon = try configuration.float("layer_norm_epsilon")
        kernelInitializer = try configuration.initializer("kernel_initializer")
        biasInitializer = try configuration.initializer("bias_initializer")
        normalizeFirst = try configuration.bool("normalize_first")
    }

    static func configuration(intermediateDim: Int, numHeads: Int, dropout: Float, activation: Activation,
                              layerNormEpsilon: Float, kernelInitializer: Initializer, biasInitializer: Initializer,
                              normalizeFirst: Bool) -> [String: JSONValue] {
        [
            "intermediate_dim": .int(intermediateDim),
            "num_heads": .int(numHeads),
            "dropout": .float(dropout),
            "activation": activation.configuration,
            "layer_norm_epsilon": .float(layerNormEpsilon),
            "kernel_initializer": kernelInitializer.configuration,
            "bias_initializer": biasInitializer.configuration,
            "normalize_first": .bool(normalizeFirst),
        ]
    }

    /// Throws naming `layer` unless the settings are usable and `sequence` (the input called `role`) is
    /// `[steps, features]` with at least `numHeads` features (KerasHub's head size, features / heads
    /// rounded down, must be at least 1).
    static func check(_ layer: any GraphLayer, intermediateDim: Int, numHeads: Int, dropout: Float, epsilon: Float,
                      sequence: [Int], role: String) throws {
        let prefix = "\(layer.name): \(layer.typeName)"
        guard intermediateDim > 0, numHeads > 0 else {
            throw DendriteError.argument("\(prefix) needs intermediateDim and numHeads ≥ 1, got \(intermediateDim) and \(numHeads)")
        }
        guard (0...1).contains(dropout) else { throw DendriteError.argument("\(prefix) needs dropout in [0, 1], got \(dropout)") }
        guard epsilon > 0 else { throw DendriteError.argument("\(prefix) needs layerNormEpsilon > 0, got \(epsilon)") }
        guard sequence.count == 2, sequence.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.shape("\(prefix) takes sequences [steps, features] as its \(role), got shape \(sequence)")
        }
        guard sequence[1] >= numHeads else {
            throw DendriteError.shape("\(prefix) needs at least as many features as heads (\(numHeads)) in its \(role), got shape \(sequence)")
        }
    }

    /// One residual sub-block: `norm(x + dropout(f(x)))`, or with `normalizeFirst` `x + dropout(f(norm(x)))`.
    static func residual(normalizeFirst: Bool, training: Bool)
        -> (Tensor, LayerNormalization, Dropout, (Tensor) -> Tensor) -> Tensor {
        { x, norm, dropout, body in
            let sum = x + dropout(body(normalizeFirst ? norm(x, training: training) : x), training: training)
            return normalizeFirst ? sum : norm(sum, training: training)
        }
    }
}
