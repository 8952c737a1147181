import Foundation

/// Maps a layer type name (``LayerConfiguration/type``) to the layer class that rebuilds it, so
/// that `Sequential.load(from:)` can construct any registered layer. The built-in layers are
/// registered; a new layer type registers with one line:
///
/// ```swift
/// LayerRegistry.register(MyLayer.self, as: "MyLayer")
/// ```
public enum LayerRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var types: [String: any GraphLayer.Type] = [
        "Functional": Model.self,
        "Sequential": Sequential.self,
        "Add": Add.self,
        "Subtract": Subtract.self,
        "Multiply": Multiply.self,
        "Average": Average.self,
        "Maximum": Maximum.self,
        "Minimum": Minimum.self,
        "Concatenate": Concatenate.self,
        "Dot": Dot.self,
        "InputLayer": Input.self,
        "Dense": Dense.self,
        "Activation": ActivationLayer.self,
        "Dropout": Dropout.self,
        "Flatten": Flatten.self,
        "SimpleRNN": SimpleRNN.self,
        "LSTM": LSTM.self,
        "GRU": GRU.self,
        "Bidirectional": Bidirectional.self,
        "TimeDistributed": TimeDistributed.self,
        "Embedding": Embedding.self,
        "Masking": Masking.self,
        "Conv2D": Conv2D.self,
        "Conv1D": Conv1D.self,
        "MaxPooling2D": MaxPooling2D.self,
        "AveragePooling2D": AveragePooling2D.self,
        "MaxPooling1D": MaxPooling1D.self,
        "GlobalAveragePooling2D": GlobalAveragePooling2D.self,
        "GlobalMaxPooling2D": GlobalMaxPooling2D.self,
        "BatchNormalization": BatchNormalization.self,
        "LayerNormalization": LayerNormalization.self,
        "MultiHeadAttention": MultiHeadAttention.self,
        "Attention": Attention.self,
        "AdditiveAttention": AdditiveAttention.self,
        "GroupNormalization": GroupNormalization.self,
        "UnitNormalization": UnitNormalization.self,
        "PositionEmbedding": PositionEmbedding.self,
        "SinePositionEncoding": SinePositionEncoding.self,
        "TokenAndPositionEmbedding": TokenAndPositionEmbedding.self,
        "TransformerEncoder": TransformerEncoder.self,
        "TransformerDecoder": TransformerDecoder.self,
        "Reshape": Reshape.self,
        "ZeroPadding2D": ZeroPadding2D.self,
        "Identity": Identity.self,
        "Lambda": Lambda.self,
        "RepeatVector": RepeatVector.self,
        "Permute": Permute.self,
        "UpSampling2D": UpSampling2D.self,
        "Cropping2D": Cropping2D.self,
        "ReLU": ReLU.self,
        "LeakyReLU": LeakyReLU.self,
        "PReLU": PReLU.self,
        "ELU": ELU.self,
        "Softmax": Softmax.self,
        "AveragePooling1D": AveragePooling1D.self,
        "GlobalAveragePooling1D": GlobalAveragePooling1D.self,
        "GlobalMaxPooling1D": GlobalMaxPooling1D.self,
    ]

    /// Makes `type` loadable under `typeName` (replacing an earlier registration of that name).
    public static func register(_ type: any GraphLayer.Type, as typeName: String) {
        lock.withLock { types[typeName] = type }
    }

    /// The registered type names, sorted.
    public static var typeNames: [String] { lock.withLock { types.keys.sorted() } }

    /// A new, unbuilt layer from its configuration.
    public static func makeLayer(_ configuration: LayerConfiguration) throws -> any GraphLayer {
        guard let type = lock.withLock({ types[configuration.type] }) else {
            throw DendriteError(.invalidFile, "layer '\(configuration.name)': unknown layer type \(QuotedText.quoted(configuration.type)) (registered: \(typeNames.joined(separator: ", ")))")
        }
        let layer = try type.init(configuration: configuration)
        layer.name = configuration.name
        try KerasInertSettings.requireUnderstood(configuration, by: layer)
        return layer
    }
}
