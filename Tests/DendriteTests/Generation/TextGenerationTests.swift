import Foundation
import Testing
@testable import Dendrite

/// Generation on text: seeds go through the model's TextVectorization (characters or words) or a
/// StringLookup, the model's greedy chain is followed by hand, reserved ids are never written, and
/// bad seeds and mismatched vocabularies are clear errors.
@Suite struct TextGenerationTests {
    /// A model of one token in and the next out whose greedy choice after `vocabulary[t]` is
    /// `vocabulary[next(t)]`: Embedding(V, V) with row t at 4 in column next(t), then softmax.
    static func successorModel(vocabulary: [String], next: (String) -> String?) throws -> Model {
        let size = vocabulary.count
        let model = Sequential(seed: 2) { Input(shape: [1]); Embedding(size, size); Flatten(); Softmax() }
        try model.build(inputShapes: [[1]])
        var table = [Float](repeating: 0, count: size * size)
        for (id, token) in vocabulary.enumerated() {
            if let following = next(token), let column = vocabulary.firstIndex(of: following) { table[id * size + column] = 4 }
        }
        try model.setWeights([Tensor(shape: [size, size], scalars: table)])
        return model
    }

    static func characterModel() throws -> Model {
        var vectorizer = try TextVectorization(standardize: .lower, split: .character, outputSequenceLength: 1)
        try vectorizer.adapt(["abcde"])
        let cycle = Array("abcde").map(String.init)
        let model = try successorModel(vocabulary: vectorizer.vocabulary()) { token in
            cycle.firstIndex(of: token).map { cycle[($0 + 1) % cycle.count] }
        }
        model.textVectorization = vectorizer
        return model
    }

    static func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
    }

    @Test func charactersFollowTheGreedyChain() throws {
        let model = try Self.characterModel()
        var generator = RandomGenerator(seed: 0)
        // Standardized as the vectorization does ("AB" → "ab"); the chain continues from "b".
        #expect(try model.generate(text: "AB", length: 7, generator: &generator) == "cdeabcd")
        #expect(try model.generate(text: "e", length: 3, generator: &generator) == "abc")
    }

    @Test func wordsAreJoinedWithSpaces() throws {
        var vectorizer = try TextVectorization(outputSequenceLength: 1)
        try vectorizer.adapt(["to be or not to be"])
        let order = ["to": "be", "be": "or", "or": "not", "not": "to"]
        let model = try Self.successorModel(vocabulary: vectorizer.vocabulary()) { order[$0] }
        var generator = RandomGenerator(seed: 0)
        #expect(try model.generate(text: "To", length: 5, vectorization: vectorizer, generator: &generator)
                == "be or not to be")
    }

    @Test func reservedIdsAreNeverWritten() throws {
        // Every row is flat, so sampling at a high temperature would reach "" and "[UNK]" if allowed.
        var vectorizer = try TextVectorization(standardize: nil, split: .character, outputSequenceLength: 1)
        try vectorizer.adapt(["xyz"])
        let model = try Self.successorModel(vocabulary: vectorizer.vocabulary()) { _ in nil }
        var generator = RandomGenerator(seed: 4)
        let text = try model.generate(text: "x", length: 300, strategy: .temperature(2), vectorization: vectorizer, generator: &generator)
        #expect(text.count == 300)
        #expect(Set(text).isSubset(of: Set("xyz")))
    }

    @Test func aStringLookupMapsTokensBothWays() throws {
        var lookup = try StringLookup()
        try lookup.adapt(["north", "east", "south", "west", "north"])
        let turn = ["north": "east", "east": "south", "south": "west", "west": "north"]
        let model = try Self.successorModel(vocabulary: lookup.vocabulary()) { turn[$0] }
        var generator = RandomGenerator(seed: 0)
        #expect(try model.generate(tokens: ["west"], length: 5, lookup: lookup, generator: &generator)
                == ["north", "east", "south", "west", "north"])
        #expect(Self.message { try model.generate(tokens: ["up"], length: 1, lookup: lookup, generator: &generator) }
                .contains("seed token \"up\" (token 0 of the seed) is not in the vocabulary of 4 tokens"))
    }

    @Test func badSeedsAndSettingsAreClearErrors() throws {
        let model = try Self.characterModel()
        var generator = RandomGenerator(seed: 0)
        #expect(Self.message { try model.generate(text: "", length: 3, generator: &generator) }
                .contains("the seed has no tokens (after standardizing and splitting)"))
        #expect(Self.message { try model.generate(text: "abz", length: 3, generator: &generator) }
                .contains("seed token \"z\" (token 2 of the seed) is not in the vocabulary of 5 tokens"))
        #expect(Self.message { try model.generate(text: "a", length: 3, strategy: .topK(0), generator: &generator) }
                .contains("k ≥ 1"))
        var words = try TextVectorization(outputSequenceLength: 1)
        try words.adapt(["one two three"])
        #expect(Self.message { try model.generate(text: "one", length: 1, vectorization: words, generator: &generator) }
                .contains("scores 7 tokens but the vocabulary has 5"))
        var multiHot = try TextVectorization(outputMode: .multiHot)
        try multiHot.adapt(["a b"])
        #expect(Self.message { try model.generate(text: "a", length: 1, vectorization: multiHot, generator: &generator) }
                .contains("outputMode .int, a split, no ngrams"))
        model.textVectorization = nil
        #expect(Self.message { try model.generate(text: "a", length: 1, generator: &generator) }
                .contains("has no textVectorization"))
    }
}
