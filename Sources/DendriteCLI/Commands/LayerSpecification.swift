import Dendrite
import Foundation

/// The layers of a model described on the command line or in a JSON file.
enum LayerSpecification {
    /// `--layers "16:relu,8:relu,1:sigmoid"`: Dense layers as `units:activation` (the activation
    /// defaults to linear), and `dropout:RATE` for a Dropout layer.
    static func parse(_ text: String) throws -> [any Layer] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try items.map { item in
            func failure(_ reason: String) -> CommandFailure {
                CommandFailure("--layers \(QuotedText.quoted(text)): \(QuotedText.quoted(item)) \(reason); expected units:activation, e.g. 16:relu, or dropout:0.2")
            }
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard !item.isEmpty, parts.count <= 2 else { throw failure("is not a layer") }
            if parts[0].lowercased() == "dropout" {
                guard parts.count == 2, let rate = Float(parts[1]), rate >= 0, rate < 1 else {
                    throw failure("needs a rate in [0, 1)")
                }
                return Dropout(rate)
            }
            guard let units = Int(parts[0]), units > 0 else { throw failure("does not start with a positive number of units") }
            let name = parts.count == 2 ? parts[1] : "linear"
            guard let activation = Activation(named: name) else {
                throw failure("has an unknown activation \(QuotedText.quoted(name)) (known: \(activationNames))")
            }
            return Dense(units, activation: activation)
        }
    }

    /// `--model-spec FILE.json`: a JSON list of layer configurations as in a saved `config.json`
    /// (`{"type": "Dense", "settings": {"units": 16, "activation": "relu"}}`). `name` and
    /// `trainable` may be left out, and so may the settings of built-in layers that have defaults.
    /// A layer's `trainable` applies once it is built (before that it has no weights to freeze).
    static func read(_ url: URL) throws -> [(layer: any GraphLayer, trainable: Bool)] {
        let path = url.path
        let data = Data(try InputFile.read(url) { DendriteError(.invalidFile, "--model-spec '\(path)' \($0)") })
        guard (try? JSONSerialization.jsonObject(with: data)) != nil else {
            throw CommandFailure("--model-spec '\(path)': \(JSONProblem.describe(data))")
        }
        guard case .array(let items)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw CommandFailure("--model-spec '\(path)': expected a JSON list of layer configurations")
        }
        guard !items.isEmpty else { throw CommandFailure("--model-spec '\(path)': the list of layers is empty") }
        return try items.enumerated().map { index, item in
            func failure(_ reason: String) -> CommandFailure { CommandFailure("--model-spec '\(path)', layer \(index + 1): \(reason)") }
            guard case .object(let fields) = item, case .string(let type)? = fields["type"] else {
                throw failure("expected an object with a \"type\", got \(item.messageText)")
            }
            var settings = defaults[type] ?? [:]
            switch fields["settings"] {
            case .object(let given)?: settings.merge(given) { $1 }
            case nil, .null?: break
            case let other?: throw failure("\"settings\" must be an object, got \(other.messageText)")
            }
            var name = ""
            if let raw = fields["name"] {
                guard case .string(let text) = raw else { throw failure("\"name\" must be a string, got \(raw.messageText)") }
                name = text
            }
            var trainable = true
            if let raw = fields["trainable"] {
                guard case .bool(let flag) = raw else { throw failure("\"trainable\" must be true or false, got \(raw.messageText)") }
                trainable = flag
            }
            let configuration = LayerConfiguration(type: type, name: name, trainable: trainable, settings: settings)
            do {
                return (try LayerRegistry.makeLayer(configuration), trainable)
            } catch let error as DendriteError {
                // The library names the layer; an unnamed one is named by its position instead.
                let unnamed = "layer ''"
                guard error.message.hasPrefix(unnamed) else { throw failure(error.message) }
                throw CommandFailure("--model-spec '\(path)', layer \(index + 1)" + error.message.dropFirst(unnamed.count))
            }
        }
    }

    /// Settings a built-in layer gets when the file leaves them out: everything but the one that
    /// defines the layer (Dense's units, Dropout's rate, Activation's function).
    private static let defaults: [String: [String: JSONValue]] = {
        func settings(_ layer: any Layer, without key: String) -> [String: JSONValue] {
            layer.configuration.settings.filter { $0.key != key }
        }
        func settings(_ layer: any Layer, without keys: Set<String>) -> [String: JSONValue] {
            layer.configuration.settings.filter { !keys.contains($0.key) }
        }
        // The text layers of `dendrite train` on text: sizes must be given, initializers and the rest default.
        return ["Dense": settings(Dense(1), without: "units"),
                "Dropout": settings(Dropout(0.5), without: "rate"),
                "Activation": settings(ActivationLayer(.linear), without: "activation"),
                "Embedding": settings(Embedding(1, 1), without: ["input_dim", "output_dim"]),
                "TokenAndPositionEmbedding": settings(TokenAndPositionEmbedding(vocabularySize: 1, sequenceLength: 1, embeddingDim: 1),
                                                      without: ["vocabulary_size", "sequence_length", "embedding_dim"]),
                "TransformerEncoder": settings(TransformerEncoder(intermediateDim: 1, numHeads: 1),
                                               without: ["intermediate_dim", "num_heads"]),
                "GlobalAveragePooling1D": settings(GlobalAveragePooling1D(), without: []),
                "LSTM": settings(LSTM(1), without: "units")]
    }()

    /// Every name ``ActivationRegistry`` knows, for error messages.
    static var activationNames: String { ActivationRegistry.names.joined(separator: ", ") }
}
