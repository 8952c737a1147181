import Foundation
import Testing
@testable import DendriteData

/// Replays the TextVectorization cases of `Fixtures/text_fixtures.json` (Keras 3,
/// `Scripts/fixtures/make_text_fixtures.py`): on a real text (Hamlet, Act I, Scene I) and on strings
/// that probe Keras' Unicode behaviour, every mode must give Keras' vocabulary in Keras' order, its
/// exact ids (multi-hot and count values), and its tf-idf values and weights to 1e-6.
@Suite struct TextVectorizationFixtureTests {
    typealias Value = TextFixtures.Value

    static let cases = TextFixtures.shared?.textVectorization ?? []

    /// The layer a case's Keras arguments describe.
    static func make(_ arguments: [String: Value]) throws -> TextVectorization {
        func option<T: RawRepresentable<String>>(_ key: String, _ fallback: T?) -> T? {
            guard let value = arguments[key] else { return fallback }
            return value.string.flatMap(T.init(rawValue:))
        }
        let ngrams: Ngrams? = switch arguments["ngrams"] {
        case .number(let n)?: .upTo(Int(n))
        case .array(let widths)?: .widths(widths.compactMap(\.int))
        default: nil
        }
        return try TextVectorization(
            maxTokens: arguments["max_tokens"]?.int,
            standardize: option("standardize", TextStandardization.lowerAndStripPunctuation),
            split: option("split", TextSplit.whitespace),
            ngrams: ngrams,
            outputMode: option("output_mode", TextVectorization.OutputMode.int) ?? .int,
            outputSequenceLength: arguments["output_sequence_length"]?.int,
            padToMaxTokens: arguments["pad_to_max_tokens"]?.bool ?? false,
            vocabulary: arguments["vocabulary"]?.strings,
            idfWeights: arguments["idf_weights"]?.floats)
    }

    @Test func fixtureFileCoversEveryModeAndOption() throws {
        let names = Set(Self.cases.map(\.name))
        #expect(Self.cases.count == 22)
        for mode in TextVectorization.OutputMode.allCases {
            #expect(Self.cases.contains { ($0.arguments["output_mode"]?.string ?? "int") == mode.rawValue }, "\(mode)")
        }
        for name in ["lower_character", "strip_punctuation", "no_standardize_whitespace", "whole_strings", "bigrams",
                     "ngrams_one_and_three", "count_padded", "unicode_default", "one_token_vocabulary"] {
            #expect(names.contains(name))
        }
        let sample = try #require(TextFixtures.shared).sample
        #expect(sample.count == 49 && sample[0] == "Who's there?")
    }

    @Test(arguments: cases.map(\.name))
    func matchesKeras(_ name: String) throws {
        let fixtures = try #require(TextFixtures.shared)
        let fixture = try #require(Self.cases.first { $0.name == name })
        var layer = try Self.make(fixture.arguments)
        if let adapt = fixture.adapt { try layer.adapt(fixtures.texts(.string(adapt))) }
        #expect(layer.vocabulary() == fixture.vocabulary, "\(name): vocabulary")
        #expect(layer.vocabularySize == fixture.config.objectValue?["vocabulary_size"]?.int)
        let output = try layer(fixtures.texts(fixture.inputs))
        #expect(output.shape == fixture.output.shape, "\(name): shape")
        if layer.outputMode == .tfIdf {
            let weights = try #require(layer.idfWeights)
            let expected = try #require(fixture.idfWeights)
            #expect(weights.count == expected.count)
            for (actual, keras) in zip(weights, expected) { #expect(Swift.abs(actual - keras) <= 1e-6 * Swift.max(1, Swift.abs(keras)), "\(name): idf") }
            for (actual, keras) in zip(output.scalars, fixture.output.data) {
                #expect(Swift.abs(actual - keras) <= 1e-6 * Swift.max(1, Swift.abs(keras)), "\(name): tf-idf")
            }
        } else {
            #expect(output.scalars == fixture.output.data, "\(name): ids")
        }
    }

    /// Keras' configuration of each case (its `get_config()`), decoded with the saved vocabulary and
    /// idf weights, rebuilds a layer that vectorizes exactly as the one adapted here.
    @Test(arguments: cases.map(\.name))
    func kerasConfigurationRebuildsTheLayer(_ name: String) throws {
        let fixtures = try #require(TextFixtures.shared)
        let fixture = try #require(Self.cases.first { $0.name == name })
        let saved: [String: Any] = ["class_name": "TextVectorization", "config": fixture.config.plain,
                                    "vocabulary": fixture.vocabulary, "idf_weights": fixture.idfWeights as Any]
        let data = try JSONSerialization.data(withJSONObject: saved)
        let layer = try JSONDecoder().decode(TextVectorization.self, from: data)
        #expect(layer.vocabulary() == fixture.vocabulary)
        let output = try layer(fixtures.texts(fixture.inputs))
        #expect(output.shape == fixture.output.shape)
        for (actual, keras) in zip(output.scalars, fixture.output.data) {
            #expect(Swift.abs(actual - keras) <= 1e-6 * Swift.max(1, Swift.abs(keras)), "\(name)")
        }
    }

    /// The configuration Dendrite writes has Keras' keys and values (its `dtype` policy aside).
    @Test(arguments: cases.map(\.name))
    func configurationHasKerasKeysAndValues(_ name: String) throws {
        let fixtures = try #require(TextFixtures.shared)
        let fixture = try #require(Self.cases.first { $0.name == name })
        var layer = try Self.make(fixture.arguments)
        if let adapt = fixture.adapt { try layer.adapt(fixtures.texts(.string(adapt))) }
        let written = try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(layer))
        var keras = try #require(fixture.config.objectValue)
        keras["name"] = .string("text_vectorization")
        keras["dtype"] = nil
        #expect(written.objectValue?["config"] == .object(keras), "\(name)")
        #expect(written.objectValue?["vocabulary"]?.strings == fixture.vocabulary)
    }
}

extension TextFixtures.Value {
    var objectValue: [String: TextFixtures.Value]? { if case .object(let fields) = self { fields } else { nil } }

    /// The value as Foundation's JSON objects, for JSONSerialization.
    var plain: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .number(let value): value
        case .string(let value): value
        case .array(let values): values.map(\.plain)
        case .object(let fields): fields.mapValues(\.plain)
        }
    }
}
