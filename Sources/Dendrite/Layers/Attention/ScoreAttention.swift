import DendriteCore

/// What Keras' `Attention` and `AdditiveAttention` share (the second subclasses the first in Keras):
/// inputs `[query, value]` or `[query, value, key]` (the key defaults to the value), a score for every
/// query–key pair from the layer's own rule, then
///
///     weights = softmax(scores + causal)      output = dropout(weights)·value
///
/// where `causal` is −10⁹ (Keras' constant) where key step j lies after query step i, with
/// `useCausalMask`. Shapes: query `[batch, Tq, dim]`, value `[batch, Tv, valueDim]`, key
/// `[batch, Tv, dim]` → output `[batch, Tq, valueDim]`, and with `returnAttentionScores` the weights
/// (before dropout, as Keras returns them) `[batch, Tq, Tv]` as a second output.
///
/// Masks, as Keras: the value's mask (`[batch, Tv]`) hides key steps (−10⁹ added to their scores,
/// together with the causal mask, not twice), and the query's mask (`[batch, Tq]`) zeroes the output
/// at masked query steps and is passed on.
protocol ScoreAttention: CompositeLayer {
    var useCausalMask: Bool { get }
    var returnAttentionScores: Bool { get }
    /// Drops attention weights while training; nil when the rate is 0.
    var dropoutLayer: Dropout? { get }
    /// The query's feature size the layer was built for, or nil while unbuilt.
    var builtDepth: Int? { get }
    /// The score of every query step against every key step, `[batch, Tq, Tv]`.
    func scores(query: Tensor, key: Tensor) -> Tensor
}

extension ScoreAttention {
    /// The output shapes; throws naming the layer unless the inputs are sequences whose query and key
    /// share a feature size and whose key and value share a length.
    func attentionOutputShapes(_ inputShapes: [[Int]], dropout: Float) throws -> [[Int]] {
        try requireInputCount(inputShapes, 2...3)
        guard (0...1).contains(dropout) else {
            throw DendriteError.argument("\(name): \(typeName) needs dropout in [0, 1], got \(dropout)")
        }
        guard inputShapes.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0 > 0 } }) else {
            throw DendriteError.shape("\(name): \(typeName) takes sequences [steps, features] as [query, value] or [query, value, key], got shapes \(inputShapes)")
        }
        let (query, value) = (inputShapes[0], inputShapes[1])
        let key = inputShapes.count == 3 ? inputShapes[2] : value
        guard key[0] == value[0], key[1] == query[1] else {
            throw DendriteError.shape("\(name): \(typeName) needs a key with the query's features and the value's steps, got query \(query), value \(value), key \(key)")
        }
        if let builtDepth, builtDepth != query[1] {
            throw DendriteError.shape("\(name): \(typeName) built for \(builtDepth) query features, got query \(query)")
        }
        let output = [query[0], value[1]]
        return returnAttentionScores ? [output, [query[0], value[0]]] : [output]
    }

    /// Builds the dropout sub-layer, if any, for weights of `[Tq, Tv]`.
    func buildDropout(_ inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        try dropoutLayer?.build(inputShape: [inputShapes[0][0], inputShapes[1][0]], generator: &generator)
    }

    /// The layer's outputs (`call`), with the masks of the query and the value (nil for none).
    func attend(_ inputs: [Tensor], masks: [Tensor?], training: Bool) -> [Tensor] {
        precondition(isBuilt, "\(name): \(typeName) used before build")
        let (query, value) = (inputs[0], inputs[1])
        var scores = scores(query: query, key: inputs.count == 3 ? inputs[2] : value)
        let (batch, queries, keys) = (scores.shape[0], scores.shape[1], scores.shape[2])
        var allowed = masks.count > 1 ? masks[1].map { $0.reshaped([batch, 1, keys]) } : nil
        if useCausalMask {
            let causal = Tensor(shape: [queries, keys], scalars: (0..<queries * keys).map { $0 % keys > $0 / keys ? 0 : 1 })
            allowed = allowed.map { $0 * causal } ?? causal
        }
        if let allowed { scores = scores - (1 - allowed) * 1e9 }
        let weights = scores.softmax(alongAxis: -1)
        let used = training ? dropoutLayer.map { $0(weights, training: true) } ?? weights : weights
        var output = matmul(used, value)
        if let queryMask = masks.first ?? nil { output = output * queryMask.reshaped([batch, queries, 1]) }
        return returnAttentionScores ? [output, weights] : [output]
    }

    /// The query's mask, passed on with the output.
    func attentionOutputMasks(_ masks: [Tensor?]) -> [Tensor?] { returnAttentionScores ? [masks[0], nil] : [masks[0]] }
}
