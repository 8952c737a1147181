/// A layer made of layers it owns and calls itself (Keras' tracked sub-layers): a Transformer block
/// holds its attention, normalisation, dense and dropout layers; an attention layer with dropout
/// holds its `Dropout`.
///
/// Each sub-layer is named `<this layer>.<its Keras name>` (`encoder.self_attention_layer`), so its
/// weights are `encoder.self_attention_layer.query.kernel`: Keras' weight path with `/` written `.`.
/// The model looks inside through ``sublayers`` for what it keeps per layer (the dropout generators it
/// saves with the weights); running, building and saving the settings stay the composite's own.
public protocol CompositeLayer: GraphLayer {
    /// The owned layers (empty before `build` for those created there, as in Keras).
    var sublayers: [any GraphLayer] { get }
}

extension CompositeLayer {
    /// `<name>.<local>`: the full name of the sub-layer Keras calls `local` inside this layer.
    func sublayerName(_ local: String) -> String { "\(name).\(local)" }
}
