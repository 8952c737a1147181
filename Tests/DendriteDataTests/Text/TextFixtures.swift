import Foundation
@testable import DendriteData

/// `Fixtures/text_fixtures.json`, written by `Scripts/fixtures/make_text_fixtures.py` from Keras 3
/// (TensorFlow's text ops underneath): a real text sample (Hamlet, Act I, Scene I) and what Keras'
/// TextVectorization, lookups, pad_sequences, timeseries_dataset_from_array and
/// text_dataset_from_directory make of it.
struct TextFixtures: Decodable, Sendable {
    /// Any JSON value: the fixtures' Keras arguments and configurations are heterogeneous.
    enum Value: Decodable, Equatable, Sendable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([Value].self) { self = .array(value) }
            else { self = .object(try container.decode([String: Value].self)) }
        }

        var int: Int? { if case .number(let value) = self { Int(value) } else { nil } }
        var string: String? { if case .string(let value) = self { value } else { nil } }
        var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
        var strings: [String]? { if case .array(let values) = self { values.compactMap(\.string) } else { nil } }
        var ints: [Int]? { if case .array(let values) = self { values.compactMap(\.int) } else { nil } }
        var floats: [Float]? {
            if case .array(let values) = self { values.compactMap { if case .number(let v) = $0 { Float(v) } else { nil } } } else { nil }
        }
        var rows: [Value]? { if case .array(let values) = self { values } else { nil } }
    }

    struct Values: Decodable, Sendable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    struct VectorizationCase: Decodable, Sendable {
        let name: String
        let arguments: [String: Value]
        let adapt: String?
        let inputs: Value
        let vocabulary: [String]
        let idfWeights: [Float]?
        let output: Values
        let config: Value
        enum CodingKeys: String, CodingKey { case name, arguments, adapt, inputs, vocabulary, idfWeights = "idf_weights", output, config }
    }

    struct LookupCase: Decodable, Sendable {
        let name: String
        let arguments: [String: Value]
        let adapt: Value
        let inputs: Value
        let vocabulary: Value
        let idfWeights: [Float]?
        let output: LookupOutput
        enum CodingKeys: String, CodingKey { case name, arguments, adapt, inputs, vocabulary, idfWeights = "idf_weights", output }
    }

    /// Numbers for a forward lookup, tokens (strings or integers) for an inverse one.
    struct LookupOutput: Decodable, Sendable {
        let shape: [Int]
        let data: Value
    }

    struct FarmHashCase: Decodable, Sendable {
        let text: String
        let buckets: UInt64
        let bucket: UInt64
    }

    struct PadCase: Decodable, Sendable {
        let name: String
        let sequences: [[Float]]
        let arguments: [String: Value]
        let output: Values
    }

    struct TimeseriesCase: Decodable, Sendable {
        struct Batch: Decodable, Sendable {
            let inputs: Values
            let targets: Values?
        }
        let name: String
        let data: Values
        let targets: Values?
        let arguments: [String: Value]
        let batches: [Batch]
    }

    struct TextDatasetFixture: Decodable, Sendable {
        struct Case: Decodable, Sendable {
            let name: String
            let twoClasses: Bool
            let arguments: [String: Value]
            let classNames: [String]?
            let files: [Int]?
            let texts: [String]?
            let labels: Values?
            enum CodingKeys: String, CodingKey {
                case name, twoClasses = "two_classes", arguments, classNames = "class_names", files, texts, labels
            }
        }
        /// `[relative path, contents]` pairs.
        let files: [[String]]
        let cases: [Case]
    }

    let sample: [String]
    let unicode: [String]
    let sampleWords: [String]
    let wordLengths: [Int]
    let textVectorization: [VectorizationCase]
    let stringLookup: [LookupCase]
    let integerLookup: [LookupCase]
    let farmhash: [FarmHashCase]
    let padSequences: [PadCase]
    let timeseries: [TimeseriesCase]
    let textDataset: TextDatasetFixture

    enum CodingKeys: String, CodingKey {
        case sample, unicode, sampleWords = "sample_words", wordLengths = "word_lengths"
        case textVectorization = "text_vectorization", stringLookup = "string_lookup", integerLookup = "integer_lookup"
        case farmhash, padSequences = "pad_sequences", timeseries, textDataset = "text_dataset"
    }

    static let shared: TextFixtures? = {
        guard let url = Bundle.module.url(forResource: "text_fixtures", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        do { return try JSONDecoder().decode(TextFixtures.self, from: data) } catch {
            print("text_fixtures.json: \(error)")
            return nil
        }
    }()

    /// A named text list of the fixtures, or the list itself.
    func texts(_ value: Value) -> [String] {
        switch value.string {
        case "sample": sample
        case "head", "head_column": Array(sample.prefix(10))
        case "unicode": unicode
        default: value.strings ?? []
        }
    }
}
