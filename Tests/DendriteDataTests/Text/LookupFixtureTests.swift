import Foundation
import Testing
@testable import DendriteData

/// Replays the StringLookup, IntegerLookup and FarmHash cases of `Fixtures/text_fixtures.json`
/// (Keras 3 and TensorFlow, `Scripts/fixtures/make_text_fixtures.py`): vocabulary order, ids, OOV
/// buckets (FarmHash for strings, floormod or FarmHash for integers), every output mode, the inverse
/// lookup, and tf-idf weights to 1e-6.
@Suite struct LookupFixtureTests {
    typealias Value = TextFixtures.Value

    static let stringCases = TextFixtures.shared?.stringLookup ?? []
    static let integerCases = TextFixtures.shared?.integerLookup ?? []

    static func outputMode(_ arguments: [String: Value]) -> LookupOutputMode {
        arguments["output_mode"]?.string.flatMap(LookupOutputMode.init(rawValue:)) ?? .int
    }

    /// A named list of the fixtures ("sample_words", "word_rows", …) or the list itself, as samples.
    static func adaptSamples<Token>(_ value: Value, words: [Token], rowWidth: Int, parse: (Value) -> Token?) -> [[Token]] {
        switch value.string {
        case "sample_words", "word_lengths": words.map { [$0] }
        case "word_rows", "length_rows": stride(from: 0, to: words.count - rowWidth + 1, by: rowWidth).map { Array(words[$0..<($0 + rowWidth)]) }
        default: (value.rows ?? []).map { parse($0).map { [$0] } ?? [] }
        }
    }

    static func expectOutput(_ output: Tensor, _ fixture: TextFixtures.LookupCase) throws {
        #expect(output.shape == fixture.output.shape, "\(fixture.name): shape")
        let expected = try #require(fixture.output.data.floats)
        if outputMode(fixture.arguments) == .tfIdf {
            for (actual, keras) in zip(output.scalars, expected) {
                #expect(Swift.abs(actual - keras) <= 1e-6 * Swift.max(1, Swift.abs(keras)), "\(fixture.name)")
            }
        } else {
            #expect(output.scalars == expected, "\(fixture.name)")
        }
    }

    static func expectIDFWeights(_ weights: [Float]?, _ fixture: TextFixtures.LookupCase) {
        #expect((weights == nil) == (fixture.idfWeights == nil))
        for (actual, keras) in zip(weights ?? [], fixture.idfWeights ?? []) {
            #expect(Swift.abs(actual - keras) <= 1e-6 * Swift.max(1, Swift.abs(keras)), "\(fixture.name): idf")
        }
    }

    @Test func fixtureFileCoversModesOOVAndInversion() {
        #expect(Self.stringCases.count == 13 && Self.integerCases.count == 7)
        for mode in LookupOutputMode.allCases {
            #expect(Self.stringCases.contains { Self.outputMode($0.arguments) == mode }, "\(mode)")
        }
        #expect(Self.stringCases.contains { $0.arguments["num_oov_indices"]?.int == 5 })
        #expect(Self.integerCases.contains { $0.arguments["oov_method"]?.string == "farmhash" })
    }

    @Test(arguments: stringCases.map(\.name))
    func stringLookupMatchesKeras(_ name: String) throws {
        let fixtures = try #require(TextFixtures.shared)
        let fixture = try #require(Self.stringCases.first { $0.name == name })
        let arguments = fixture.arguments
        var lookup = try StringLookup(
            maxTokens: arguments["max_tokens"]?.int, numOOVIndices: arguments["num_oov_indices"]?.int ?? 1,
            maskToken: arguments["mask_token"]?.string, oovToken: arguments["oov_token"]?.string ?? "[UNK]",
            vocabulary: arguments["vocabulary"]?.strings, invert: arguments["invert"]?.bool ?? false,
            outputMode: Self.outputMode(arguments), padToMaxTokens: arguments["pad_to_max_tokens"]?.bool ?? false)
        if fixture.adapt != .null {
            try lookup.adapt(Self.adaptSamples(fixture.adapt, words: fixtures.sampleWords, rowWidth: 6) { $0.string })
        }
        #expect(lookup.vocabulary() == fixture.vocabulary.strings, "\(name): vocabulary")
        Self.expectIDFWeights(lookup.idfWeights, fixture)
        let rows = try #require(fixture.inputs.rows)
        if lookup.invert {
            let ids = Tensor(shape: [rows.count, rows[0].ints?.count ?? 0], scalars: rows.flatMap { $0.floats ?? [] })
            #expect(try lookup(ids).flatMap { $0 } == fixture.output.data.strings, "\(name): tokens")
        } else if let strings = fixture.inputs.strings, strings.count == rows.count {
            try Self.expectOutput(try lookup(strings), fixture)
        } else {
            try Self.expectOutput(try lookup(rows.map { $0.strings ?? [] }), fixture)
        }
    }

    @Test(arguments: integerCases.map(\.name))
    func integerLookupMatchesKeras(_ name: String) throws {
        let fixtures = try #require(TextFixtures.shared)
        let fixture = try #require(Self.integerCases.first { $0.name == name })
        let arguments = fixture.arguments
        var lookup = try IntegerLookup(
            maxTokens: arguments["max_tokens"]?.int, numOOVIndices: arguments["num_oov_indices"]?.int ?? 1,
            maskToken: arguments["mask_token"]?.int, oovToken: arguments["oov_token"]?.int ?? -1,
            vocabulary: arguments["vocabulary"]?.ints, invert: arguments["invert"]?.bool ?? false,
            outputMode: Self.outputMode(arguments), padToMaxTokens: arguments["pad_to_max_tokens"]?.bool ?? false,
            oovMethod: arguments["oov_method"]?.string.flatMap(OOVMethod.init(rawValue:)) ?? .floormod)
        if fixture.adapt != .null {
            try lookup.adapt(Self.adaptSamples(fixture.adapt, words: fixtures.wordLengths, rowWidth: 5) { $0.int })
        }
        #expect(lookup.vocabulary() == fixture.vocabulary.ints, "\(name): vocabulary")
        Self.expectIDFWeights(lookup.idfWeights, fixture)
        let rows = try #require(fixture.inputs.rows).map { $0.ints ?? [] }
        if lookup.invert {
            let ids = Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map(Float.init) })
            #expect(try lookup(ids).flatMap { $0 } == fixture.output.data.ints, "\(name): values")
        } else {
            try Self.expectOutput(try lookup(rows), fixture)
        }
    }

    @Test func farmHashFingerprintsGiveTensorFlowsBuckets() throws {
        let cases = try #require(TextFixtures.shared).farmhash
        #expect(cases.count == 96)
        // Lengths 0 to 200 bytes: every branch of the algorithm (0–16, 17–32, 33–64, longer).
        #expect(Set(cases.map { $0.text.utf8.count }).isSuperset(of: [0, 1, 3, 4, 9, 16, 17, 32, 33, 64, 65, 128, 129, 200]))
        for fixture in cases {
            #expect(FarmHash.fingerprint64(Array(fixture.text.utf8)) % fixture.buckets == fixture.bucket,
                    "\(fixture.text.utf8.count) bytes, \(fixture.buckets) buckets")
        }
    }
}
