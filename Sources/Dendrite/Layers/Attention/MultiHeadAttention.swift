import DendriteCore

/// Multi-head attention (Keras 3's `MultiHeadAttention`), on sequences `[batch, steps, features]`.
///
/// Inputs `[query, value]` or `[query, value, key]` (the key defaults to the value; self-attention is
/// `layer([x, x])`), and with `useAttentionMask` one more, last: Keras' `attention_mask`, `[batch, t, s]`,
/// non-zero where query step i may attend to key step j. With h heads, for each head i:
///
///     Qᵢ = query·W_Q[:, i, :] + b_Q[i]      Kᵢ = key·W_K[:, i, :] + b_K[i]      Vᵢ = value·W_V[:, i, :] + b_V[i]
///     Aᵢ = softmax(Qᵢ·Kᵢᵀ / √keyDim + mask)                 (the attention scores)
///     Oᵢ = dropout(Aᵢ)·Vᵢ
///     output = Σᵢ Oᵢ·W_O[i] + b_O
///
/// through ``scaledDotProductAttention(query:key:value:mask:causal:scale:)``. Weights, with Keras' names
/// and layouts so Keras' weights map one to one: `query.kernel` `[queryFeatures, h, keyDim]`, `query.bias`
/// `[h, keyDim]`, `key.kernel` `[keyFeatures, h, keyDim]`, `key.bias`, `value.kernel`
/// `[valueFeatures, h, valueDim]`, `value.bias` `[h, valueDim]`, `attention_output.kernel`
/// `[h, valueDim, outputSize]`, `attention_output.bias` `[outputSize]` (biases only with `useBias`).
/// Shapes: query `[batch, t, queryFeatures]`, value `[batch, s, valueFeatures]`, key `[batch, s, keyFeatures]`
/// → `[batch, t, outputSize]`, where `outputSize` is `outputShape` or else the query's feature size. With
/// `returnAttentionScores` a second output holds the scores A (before dropout, as Keras returns them),
/// `[batch, h, t, s]`; call the layer with `symbolicOutputs(_:)` then.
///
/// Defaults (Keras): `valueDim` = `keyDim`, `useBias` on, Glorot-uniform kernels, zero biases.
/// `useCausalMask` lets step i of the query attend only to steps j ≤ i (combined with the attention
/// mask, if any); in Keras it and the attention mask are arguments of each call, here settings of the
/// layer, since a graph records calls without arguments (so is `returnAttentionScores`). A query step
/// that may attend to nothing gives zero attention (Keras gives NaN or near-uniform weights there,
/// depending on its code path). `dropout` (Keras' rate in [0, 1], default 0) drops attention scores while
/// training, through a `Dropout` sub-layer named `<name>.dropout` that exists only when the rate is
/// above 0.
///
/// ```swift
/// let tokens = Input(shape: [10, 16])
/// let attended = try MultiHeadAttention(numHeads: 4, keyDim: 8)([tokens, tokens])   // [batch, 10, 16]
/// ```
public final class MultiHeadAttention: CompositeLayer {
    public var name: String { didSet { dropoutLayer?.name = sublayerName("dropout") } }
    public var typeName: String { "MultiHeadAttention" }
    public let numHeads: Int
    public let keyDim: Int
    public let valueDim: Int
    public let dropout: Float
    public let useBias: Bool
    /// The output's feature size; nil: the query's.
    public let outputShape: Int?
    public let useCausalMask: Bool
    /// Whether the last input is an attention mask `[batch, t, s]`.
    public let useAttentionMask: Bool
    /// Whether the attention scores `[batch, heads, t, s]` are a second output.
    public let returnAttentionScores: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public private(set) var inputShapes: [[Int]]?
    /// The projections' weights in Keras' order: query, key, value, attention_output (kernel, then bias).
    public private(set) var parameters: [Parameter] = []
    /// Drops attention scores while training (Keras' `_dropout_layer`); nil when `dropout` is 0.
    private let dropoutLayer: Dropout?

    public init(numHeads: Int, keyDim: Int, valueDim: Int? = nil, dropout: Float = 0, useBias: Bool = true,
                outputShape: Int? = nil, useCausalMask: Bool = false, useAttentionMask: Bool = false,
                returnAttentionScores: Bool = false,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                name: String = "") {
        self.numHeads = numHeads
        self.keyDim = keyDim
        self.valueDim = valueDim ?? keyDim
        self.dropout = dropout
        self.useBias = useBias
        self.outputShape = outputShape
        self.useCausalMask = useCausalMask
        self.useAttentionMask = useAttentionMask
        self.returnAttentionScores = returnAttentionScores
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.dropoutLayer = dropout > 0 ? Dropout(dropout) : nil
        self.name = name
        dropoutLayer?.name = sublayerName("dropout")
    }

    public var isBuilt: Bool { inputShapes != nil }
    public var sublayers: [any GraphLayer] { dropoutLayer.map { [$0] } ?? [] }

    /// The inputs by role: query, value, key (the value when not given), attention mask.
    private func roles<Item>(_ items: [Item]) -> (query: Item, value: Item, key: Item, mask: Item?) {
        let mask = useAttentionMask ? items.last : nil
        let sequences = useAttentionMask ? items.dropLast() : items[...]
        return (items[0], items[1], sequences.count == 3 ? items[2] : items[1], mask)
    }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try requireInputCount(inputShapes, useAttentionMask ? 3...4 : 2...3)
        guard numHeads > 0, keyDim > 0, valueDim > 0, (outputShape ?? 1) > 0 else {
            throw DendriteError.argument("\(name): MultiHeadAttention needs numHeads, keyDim, valueDim and outputShape > 0, got \(numHeads), \(keyDim), \(valueDim) and \(outputShape.map(String.init) ?? "nil")")
        }
        guard (0...1).contains(dropout) else {
            throw DendriteError.argument("\(name): MultiHeadAttention needs dropout in [0, 1], got \(dropout)")
        }
        guard inputShapes.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0 > 0 } }) else {
            throw DendriteError.shape("\(name): MultiHeadAttention takes sequences [steps, features], got shapes \(inputShapes)")
        }
        let (query, value, key, mask) = roles(inputShapes)
        guard key[0] == value[0] else {
            throw DendriteError.shape("\(name): MultiHeadAttention needs as many key steps as value steps, got key \(key) and value \(value)")
        }
        if let mask, mask != [query[0], value[0]] {
            throw DendriteError.shape("\(name): MultiHeadAttention needs an attention mask of shape \([query[0], value[0]]) (query steps, value steps), got \(mask)")
        }
        if let built = self.inputShapes {
            guard [built[0][1], built[1][1], roles(built).key[1]] == [query[1], value[1], key[1]] else {
                throw DendriteError.shape("\(name): MultiHeadAttention built for feature sizes \(built.map { $0[1] }), got shapes \(inputShapes)")
            }
        }
        let output = [query[0], outputShape ?? query[1]]
        return returnAttentionScores ? [output, [numHeads, query[0], value[0]]] : [output]
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        let output = try outputShapes(for: inputShapes)[0][1]
        let (query, value, key, _) = roles(inputShapes)
        var weights: [Parameter] = []
        func projection(_ prefix: String, kernel: [Int], bias: [Int]) throws {
            weights.append(Parameter(name: "\(name).\(prefix).kernel", value: try kernelInitializer.make(kernel, using: &generator)))
            if useBias {
                weights.append(Parameter(name: "\(name).\(prefix).bias", value: try biasInitializer.make(bias, using: &generator)))
            }
        }
        try projection("query", kernel: [query[1], numHeads, keyDim], bias: [numHeads, keyDim])
        try projection("key", kernel: [key[1], numHeads, keyDim], bias: [numHeads, keyDim])
        try projection("value", kernel: [value[1], numHeads, valueDim], bias: [numHeads, valueDim])
        try projection("attention_output", kernel: [numHeads, valueDim, output], bias: [output])
        parameters = weights
        try dropoutLayer?.build(inputShape: [numHeads, query[0], value[0]], generator: &generator)
        self.inputShapes = inputShapes
    }

    /// Kernel and bias (nil without `useBias`) of projection `index` (0 query, 1 key, 2 value, 3 output).
    private func projection(_ index: Int) -> (kernel: Tensor, bias: Tensor?) {
        let perProjection = useBias ? 2 : 1
        let kernel = parameters[index * perProjection].value
        return (kernel, useBias ? parameters[index * perProjection + 1].value : nil)
    }

    /// `[batch, steps, features]` → `[batch, heads, steps, depth]`.
    private func heads(_ input: Tensor, _ index: Int) -> Tensor {
        let (kernel, bias) = projection(index)
        let (batch, steps, depth) = (input.shape[0], input.shape[1], kernel.shape[2])
        var projected = matmul(input, kernel.reshaped([kernel.shape[0], numHeads * depth]))
        if let bias { projected = projected + bias.reshaped([numHeads * depth]) }
        return projected.reshaped([batch, steps, numHeads, depth]).permuted([0, 2, 1, 3])
    }

    /// Keras' stand-in for −∞ in float32 attention masks (`-0.7 · 3.38953e38`).
    static let largeNegative: Float = -0.7 * 3.38953e38

    /// Takes the masks of the query, value and key (Keras' `query_mask`, `value_mask`, `key_mask`)
    /// and passes the query's on.
    public var supportsMasking: Bool { true }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] {
        returnAttentionScores ? [masks[0], nil] : [masks[0]]
    }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        call(inputs, masks: Array(repeating: nil, count: inputs.count), training: training)
    }

    /// With masks, as Keras' `_compute_attention_mask`: query step i may attend to key step j when
    /// `queryMask[i] · valueMask[j] · keyMask[j] · attentionMask[i, j]` is 1 (and j ≤ i with
    /// `useCausalMask`). A query step that may attend to nothing (a masked query) gets zero weights,
    /// so its output is the output projection's bias, as Keras' masked softmax gives.
    public func call(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        precondition(isBuilt, "\(name): MultiHeadAttention used before build")
        let (query, value, key, mask) = roles(inputs)
        let (batch, steps, valueSteps) = (query.shape[0], query.shape[1], value.shape[1])
        let sequenceMasks = roles(masks)
        var permitted = mask.map { $0.reshaped([batch, steps, valueSteps]) }
        func restrict(_ factor: Tensor) { permitted = permitted.map { $0 * factor } ?? factor * Tensor.ones([batch, steps, valueSteps]) }
        if let queryMask = sequenceMasks.query { restrict(queryMask.reshaped([batch, steps, 1])) }
        if let valueMask = sequenceMasks.value { restrict(valueMask.reshaped([batch, 1, valueSteps])) }
        if inputs.count - (useAttentionMask ? 1 : 0) == 3, let keyMask = sequenceMasks.key {
            restrict(keyMask.reshaped([batch, 1, valueSteps]))
        }
        var attentionMask: AttentionMask?
        if var permitted {
            if useCausalMask {
                let causal = (0..<steps * valueSteps).map { Float($0 % valueSteps <= $0 / valueSteps ? 1 : 0) }
                permitted = permitted * Tensor(shape: [steps, valueSteps], scalars: causal)
            }
            // One mask per sample, shared by its heads. Keras' fused path (no dropout, no scores returned)
            // adds a large negative number where attention is not allowed, so a query step allowed
            // nothing attends uniformly; its explicit path zeroes such a row. Both are followed.
            let perHead = permitted.reshaped([batch, 1, steps, valueSteps])
            attentionMask = dropout == 0 && !returnAttentionScores
                ? .additive((1 - perHead) * Self.largeNegative) : .allowed(perHead)
        }
        let valueHeads = heads(value, 2)
        var (attended, scores) = scaledDotProductAttention(query: heads(query, 0), key: heads(key, 1), value: valueHeads,
                                                           mask: attentionMask,
                                                           causal: useCausalMask && attentionMask == nil,
                                                           scale: 1 / Float(keyDim).squareRoot())
        if training, let dropoutLayer {
            // The fused product used the scores before dropout; recombine the values with the dropped ones.
            let dropped = dropoutLayer(scores, training: true).reshaped([batch * numHeads, steps, valueSteps])
            attended = matmul(dropped, valueHeads.reshaped([batch * numHeads, valueSteps, valueDim]))
                .reshaped([batch, numHeads, steps, valueDim])
        }
        let (kernel, bias) = projection(3)
        let combined = attended.permuted([0, 2, 1, 3]).reshaped([batch, steps, numHeads * valueDim])
        let output = matmul(combined, kernel.reshaped([numHeads * valueDim, kernel.shape[2]]))
        let result = bias.map { output + $0 } ?? output
        return returnAttentionScores ? [result, scores] : [result]
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "num_heads": .int(numHeads),
            "key_dim": .int(keyDim),
            "value_dim": .int(valueDim),
            "dropout": .float(dropout),
            "use_bias": .bool(useBias),
            "output_shape": outputShape.map(JSONValue.int) ?? .null,
            "use_causal_mask": .bool(useCausalMask),
            "use_attention_mask": .bool(useAttentionMask),
            "return_attention_scores": .bool(returnAttentionScores),
            "kernel_initializer": kernelInitializer.configuration,
            "bias_initializer": biasInitializer.configuration,
        ])
    }

    /// Reads Keras' keys; `output_shape` may be one integer or a list of one, a missing `value_dim` is
    /// `key_dim`, and `use_causal_mask`, `use_attention_mask` and `return_attention_scores` (Keras' call
    /// arguments) default to false.
    public convenience init(configuration: LayerConfiguration) throws {
        var outputShape: Int?
        switch configuration.settings["output_shape"] {
        case nil, .null?: outputShape = nil
        case .number?: outputShape = try configuration.int("output_shape")
        default:
            let sizes = try configuration.integers("output_shape")
            guard sizes.count == 1 else { throw configuration.problem("output_shape", "must be one size, got \(sizes)") }
            outputShape = sizes[0]
        }
        var valueDim: Int?
        if ![nil, .null].contains(configuration.settings["value_dim"]) { valueDim = try configuration.int("value_dim") }
        func flag(_ key: String) throws -> Bool { configuration.settings[key] == nil ? false : try configuration.bool(key) }
        self.init(numHeads: try configuration.int("num_heads"), keyDim: try configuration.int("key_dim"), valueDim: valueDim,
                  dropout: try configuration.float("dropout"), useBias: try configuration.bool("use_bias"),
                  outputShape: outputShape, useCausalMask: try flag("use_causal_mask"),
                  useAttentionMask: try flag("use_attention_mask"),
                  returnAttentionScores: try flag("return_attention_scores"),
                  kernelInitializer: try configuration.initializer("kernel_initializer"),
                  biasInitializer: try configuration.initializer("bias_initializer"), name: configuration.name)
    }
}

/// Keras keeps each projection in its own dense layer: `query_dense/vars/0` (kernel), `…/vars/1`
/// (bias), then `key_dense`, `value_dense` and `output_dense`.
extension MultiHeadAttention: KerasWeightLayout {
    public var kerasWeightPaths: [String] {
        ["query_dense", "key_dense", "value_dense", "output_dense"].flatMap { dense in
            KerasWeightPaths.ownVariables(useBias ? 2 : 1, under: "\(dense)/")
        }
    }
}
