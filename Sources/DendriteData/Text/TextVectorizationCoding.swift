/// A ``TextVectorization`` as JSON, holding what a Keras file holds for the layer: its
/// `get_config()` (Keras' keys and values), its vocabulary (Keras' `assets/vocabulary.txt`, the
/// reserved tokens included) and, for `tf_idf`, its idf weights (the layer's `idf_weights` variable):
///
/// ```json
/// {"class_name": "TextVectorization",
///  "config": {"name": "text_vectorization", "trainable": true, "max_tokens": 20000,
///             "standardize": "lower_and_strip_punctuation", "split": "whitespace", "ngrams": null,
///             "output_mode": "int", "output_sequence_length": 200, "pad_to_max_tokens": false,
///             "sparse": false, "ragged": false, "vocabulary": null, "idf_weights": null,
///             "encoding": "utf-8", "vocabulary_size": 20000},
///  "vocabulary": ["", "[UNK]", "the", …], "idf_weights": null}
/// ```
///
/// Decoding also takes a bare Keras configuration (`"config"` alone, e.g. from a `.keras` file's
/// `config.json`): its `vocabulary` and `idf_weights` are then the given ones, if any. Keras' other
/// keys (`dtype`, …) are ignored; `sparse` or `ragged` set to true, an encoding other than UTF-8 and
/// custom `standardize`/`split` functions are refused, naming the key.
extension TextVectorization: Codable {
    private enum CodingKeys: String, CodingKey {
        case className = "class_name", config, vocabulary, idfWeights = "idf_weights"
    }

    private enum ConfigurationKeys: String, CodingKey {
        case name, trainable, maxTokens = "max_tokens", standardize, split, ngrams, outputMode = "output_mode"
        case outputSequenceLength = "output_sequence_length", padToMaxTokens = "pad_to_max_tokens", sparse, ragged
        case vocabulary, idfWeights = "idf_weights", encoding, vocabularySize = "vocabulary_size"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("TextVectorization", forKey: .className)
        var configuration = container.nestedContainer(keyedBy: ConfigurationKeys.self, forKey: .config)
        try configuration.encode("text_vectorization", forKey: .name)
        try configuration.encode(true, forKey: .trainable)
        try configuration.encode(maxTokens, forKey: .maxTokens)
        try configuration.encode(standardize, forKey: .standardize)
        try configuration.encode(split, forKey: .split)
        try configuration.encode(ngrams, forKey: .ngrams)
        try configuration.encode(outputMode, forKey: .outputMode)
        try configuration.encode(outputSequenceLength, forKey: .outputSequenceLength)
        try configuration.encode(padToMaxTokens, forKey: .padToMaxTokens)
        try configuration.encode(false, forKey: .sparse)
        try configuration.encode(false, forKey: .ragged)
        try configuration.encode(lookup.inputVocabulary, forKey: .vocabulary)
        try configuration.encode(lookup.inputIDFWeights, forKey: .idfWeights)
        try configuration.encode("utf-8", forKey: .encoding)
        try configuration.encode(vocabularySize, forKey: .vocabularySize)
        if hasVocabulary {
            try container.encode(vocabulary(), forKey: .vocabulary)
            try container.encode(idfWeights, forKey: .idfWeights)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let className = try container.decodeIfPresent(String.self, forKey: .className), className != "TextVectorization" {
            throw DecodingError.dataCorruptedError(forKey: .className, in: container,
                                                   debugDescription: "expected \"TextVectorization\", got \"\(className)\"")
        }
        let configuration = try container.nestedContainer(keyedBy: ConfigurationKeys.self, forKey: .config)
        func refuse(_ key: ConfigurationKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: configuration, debugDescription: message)
        }
        for key in [ConfigurationKeys.sparse, .ragged] where try configuration.decodeIfPresent(Bool.self, forKey: key) == true {
            throw refuse(key, "\(key.stringValue) output is not supported; only dense tensors are")
        }
        if let encoding = try configuration.decodeIfPresent(String.self, forKey: .encoding),
           !["utf-8", "utf8"].contains(encoding.lowercased()) {
            throw refuse(.encoding, "only UTF-8 text is supported, not '\(encoding)'")
        }
        func option<Value: RawRepresentable<String> & Decodable>(_ key: ConfigurationKeys, _ type: Value.Type) throws -> Value? {
            guard let text = try? configuration.decodeIfPresent(String.self, forKey: key) else {
                if try configuration.decodeNil(forKey: key) { return nil }
                throw refuse(key, "a custom function cannot be loaded; expected one of \(String(describing: Value.self)) names or null")
            }
            guard let value = Value(rawValue: text) else { throw refuse(key, "unknown value '\(text)'") }
            return value
        }
        let hasStandardize = configuration.contains(.standardize), hasSplit = configuration.contains(.split)
        let settings: TextVectorization
        do {
            settings = try TextVectorization(
                maxTokens: try configuration.decodeIfPresent(Int.self, forKey: .maxTokens),
                standardize: hasStandardize ? try option(.standardize, TextStandardization.self) : .lowerAndStripPunctuation,
                split: hasSplit ? try option(.split, TextSplit.self) : .whitespace,
                ngrams: try configuration.decodeIfPresent(Ngrams.self, forKey: .ngrams),
                outputMode: try configuration.decodeIfPresent(OutputMode.self, forKey: .outputMode) ?? .int,
                outputSequenceLength: try configuration.decodeIfPresent(Int.self, forKey: .outputSequenceLength),
                padToMaxTokens: try configuration.decodeIfPresent(Bool.self, forKey: .padToMaxTokens) ?? false,
                vocabulary: try configuration.decodeIfPresent([String].self, forKey: .vocabulary),
                idfWeights: try configuration.decodeIfPresent([Float].self, forKey: .idfWeights))
        } catch let error as DendriteError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.config], debugDescription: error.message))
        }
        self = settings
        if let vocabulary = try container.decodeIfPresent([String].self, forKey: .vocabulary) {
            do {
                try lookup.restore(vocabulary: vocabulary, idfWeights: try container.decodeIfPresent([Float].self, forKey: .idfWeights))
            } catch let error as DendriteError {
                throw DecodingError.dataCorruptedError(forKey: .vocabulary, in: container, debugDescription: error.message)
            }
        }
    }
}
