import Testing
@testable import DendriteData

/// The examples in the doc comments and docs/text.md give what they say.
@Suite struct TextExamplesTests {
    @Test func textVectorizationExampleIsKerasDocstringExample() throws {
        var vectorizer = try TextVectorization(maxTokens: 5000, outputSequenceLength: 4)
        try vectorizer.adapt(["foo bar", "bar baz", "baz bada boom"])
        #expect(try vectorizer(["foo qux bar", "qux baz"]).scalars == [4, 1, 3, 0, 1, 2, 0, 0])
        #expect(vectorizer.vocabulary() == ["", "[UNK]", "baz", "bar", "foo", "boom", "bada"])
        // Keras' second docstring example: a given vocabulary gets the reserved tokens in front.
        let given = try TextVectorization(maxTokens: 5000, outputSequenceLength: 4, vocabulary: ["earth", "wind", "and", "fire"])
        #expect(given.vocabulary() == ["", "[UNK]", "earth", "wind", "and", "fire"])
    }

    @Test func lookupExamples() throws {
        var strings = try StringLookup()
        try strings.adapt(["the", "ghost", "the", "king"])
        #expect(strings.vocabulary() == ["[UNK]", "the", "king", "ghost"])
        #expect(try strings([["the", "ghost"], ["a", "king"]]).scalars == [1, 3, 0, 2])
        let words = try StringLookup(vocabulary: strings.vocabulary(), invert: true)
        #expect(try words(Tensor([[1, 3]])) == [["the", "ghost"]])

        var integers = try IntegerLookup()
        try integers.adapt([12, 36, 12, 7])
        #expect(integers.vocabulary() == [-1, 12, 36, 7])
        #expect(try integers([[12, 7], [99, 36]]).scalars == [1, 3, 0, 2])
    }

    @Test func paddingNgramsAndSplittingExamples() throws {
        #expect(try padSequences([[1, 2, 3], [4]] as [[Int]], maxlen: 2).scalars == [2, 3, 0, 4])
        #expect(try padSequences([[1, 2, 3], [4]] as [[Int]], padding: .post).scalars == [1, 2, 3, 4, 0, 0])
        #expect(Ngrams.upTo(2).apply(["a", "b", "c"]) == ["a", "b", "c", "a b", "b c"])
        #expect(TextSplit.whitespace.apply("  two\u{0B}words\u{00A0}joined \r\n") == ["two", "words\u{00A0}joined"])
        #expect(TextSplit.character.apply("e\u{301}é") == ["e", "\u{301}", "é"])
        #expect(TextStandardization.lowerAndStripPunctuation.apply("ÉCOLE, Don’t—STOP!") == "École don’t—stop")
    }

    @Test func timeseriesExampleForecastsTheNextStep() throws {
        let n = 30
        let series = Tensor((0..<n).map { Float($0 * $0) })
        let windows = try timeseriesDatasetFromArray(series.slice(0..<(n - 10)), targets: series.slice(10..<n), sequenceLength: 10)
        let (x, y) = windows.arrays()
        #expect(x.shape == [n - 19, 10] && y?.shape == [n - 19])
        // Each target is the step right after its window.
        for row in 0..<(n - 19) { #expect(y?[row] == Float((row + 10) * (row + 10)) && x[row, 9] == Float((row + 9) * (row + 9))) }
    }
}
