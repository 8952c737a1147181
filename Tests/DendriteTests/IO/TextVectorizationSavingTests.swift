import Foundation
import Testing
@testable import Dendrite

/// A model directory holds the TextVectorization the model was trained with (its Keras
/// configuration, vocabulary and idf weights): after a load, `predict(texts:)` gives the saved
/// model's outputs bit for bit, and a damaged or mismatched vectorization is refused naming the file.
@Suite struct TextVectorizationSavingTests {
    static let texts = [
        "The ghost walks at midnight on the platform.", "Horatio says it is but fantasy.",
        "Stay! speak, speak! I charge thee, speak!", "A mote it is to trouble the mind's eye.",
        "The cock crew and it faded.", "Good night, sweet prince.", "Something is rotten in the state of Denmark.",
        "Tis bitter cold, and I am sick at heart.",
    ]
    static let labels = Tensor(shape: [8, 1], scalars: [1, 0, 1, 0, 1, 0, 1, 0])

    /// An Embedding text classifier trained on the vectorized texts, with its vectorization attached.
    static func trainedModel() throws -> Sequential {
        var vectorization = try TextVectorization(maxTokens: 40, outputSequenceLength: 6)
        try vectorization.adapt(texts)
        let model = Sequential(seed: 11, name: "text_classifier") {
            Input(shape: [6])
            Embedding(40, 4)
            GlobalAveragePooling1D()
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy)
        try model.fit(vectorization(texts), labels, epochs: 3, batchSize: 4, verbose: 0)
        model.textVectorization = vectorization
        return model
    }

    @Test func loadedModelPredictsRawTextsExactlyAsTheSavedOne() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try Self.trainedModel()
        try model.save(to: directory)
        let loaded = try Sequential.load(from: directory)
        #expect(loaded.textVectorization == model.textVectorization)
        let unseen = ["The ghost of Denmark speaks.", "", "Nothing in the vocabulary here: zebra yak"]
        let expected = try model.predict(texts: Self.texts + unseen)
        #expect(try loaded.predict(texts: Self.texts + unseen).scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern))

        let json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: directory.appendingPathComponent("config.json")))
        guard case .object(let top) = json, case .object(let saved)? = top["text_vectorization"],
              case .object(let configuration)? = saved["config"], case .array(let vocabulary)? = saved["vocabulary"] else {
            Issue.record("config.json has no text_vectorization object: \(json.jsonText)")
            return
        }
        #expect(saved["class_name"] == .string("TextVectorization"))
        #expect(Set(configuration.keys) == ["name", "trainable", "max_tokens", "standardize", "split", "ngrams", "output_mode",
                                            "output_sequence_length", "pad_to_max_tokens", "sparse", "ragged", "vocabulary",
                                            "idf_weights", "encoding", "vocabulary_size"])
        #expect(configuration["standardize"] == .string("lower_and_strip_punctuation") && configuration["output_sequence_length"] == .number(6))
        #expect(vocabulary.prefix(3) == [.string(""), .string("[UNK]"), .string("the")])
    }

    @Test func tfIdfWeightsAndPaddedColumnsSurviveTheRoundTrip() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var vectorization = try TextVectorization(maxTokens: 64, ngrams: .upTo(2), outputMode: .tfIdf, padToMaxTokens: true)
        try vectorization.adapt(Self.texts)
        let model = Sequential(seed: 2) { Input(shape: [64]); Dense(1, activation: .sigmoid) }
        try model.build(inputShape: [64])
        model.textVectorization = vectorization
        try model.save(to: directory)
        let loaded = try Sequential.load(from: directory)
        #expect(loaded.textVectorization == vectorization)
        #expect(loaded.textVectorization?.idfWeights == vectorization.idfWeights)
        #expect(try loaded.predict(texts: Self.texts).scalars == model.predict(texts: Self.texts).scalars)
    }

    @Test func mismatchedOrDamagedVectorizationsAreRefused() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try Self.trainedModel()
        let config = directory.appendingPathComponent("config.json")
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
        }
        func loadEdited(_ edit: (inout [String: Any]) -> Void) throws -> String {
            try model.save(to: directory)
            var top = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
            var saved = try #require(top["text_vectorization"] as? [String: Any])
            edit(&saved)
            top["text_vectorization"] = saved
            try JSONSerialization.data(withJSONObject: top).write(to: config)
            return message { try Sequential.load(from: directory) }
        }
        #expect(try loadEdited { $0["vocabulary"] = ["the", "ghost"] }
                == "\(config.path): text_vectorization.vocabulary: TextVectorization: a saved vocabulary starts with the reserved tokens ['', '[UNK]'] and has at least one more")
        #expect(try loadEdited { $0["vocabulary"] = ["", "[UNK]", "the", "the"] }
                == "\(config.path): text_vectorization.vocabulary: TextVectorization: the saved vocabulary repeats a token")
        #expect(try loadEdited { saved in
            var configuration = saved["config"] as? [String: Any] ?? [:]
            configuration["output_sequence_length"] = 9
            saved["config"] = configuration
        } == "\(config.path): text_vectorization makes rows of 9 values, the model's input takes [6]")
        #expect(try loadEdited { saved in
            var configuration = saved["config"] as? [String: Any] ?? [:]
            configuration["standardize"] = ["class_name": "function", "config": "my_standardize"]
            saved["config"] = configuration
        } == "\(config.path): text_vectorization.config.standardize: a custom function cannot be loaded; expected one of TextStandardization names or null")
        #expect(try loadEdited { saved in
            var configuration = saved["config"] as? [String: Any] ?? [:]
            configuration["max_tokens"] = 2
            saved["config"] = configuration
        } == "\(config.path): text_vectorization.config: TextVectorization: maxTokens 2 leaves no room for a token after the 2 reserved indices (the mask and 1 OOV)")
        #expect(try loadEdited { $0["vocabulary"] = nil }
                == "\(config.path): text_vectorization has no vocabulary; save it after adapt(_:)")

        model.textVectorization = try TextVectorization()
        #expect(message { try model.save(to: directory) }
                == "save: text_classifier's textVectorization has no vocabulary; adapt it (or give it one) before saving")
        model.textVectorization = nil
        #expect(message { try model.predict(texts: ["text"]) }
                == "predict: text_classifier has no textVectorization to turn texts into its input; set model.textVectorization to the adapted TextVectorization it was trained with")
    }
}
