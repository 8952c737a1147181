import Testing
@testable import DendriteData

/// `padSequences` against Keras' `pad_sequences` (`Fixtures/text_fixtures.json`,
/// `Scripts/fixtures/make_text_fixtures.py`): every combination of padding and truncating ends,
/// `maxlen`, `value`, empty sequences and fractional values.
@Suite struct PadSequencesTests {
    static let cases = TextFixtures.shared?.padSequences ?? []

    @Test func fixtureFileHasEveryCase() { #expect(Self.cases.count == 7) }

    @Test(arguments: cases.map(\.name))
    func matchesKeras(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let arguments = fixture.arguments
        let output = try padSequences(fixture.sequences, maxlen: arguments["maxlen"]?.int,
                                      padding: arguments["padding"]?.string.flatMap(SequenceEnd.init(rawValue:)) ?? .pre,
                                      truncating: arguments["truncating"]?.string.flatMap(SequenceEnd.init(rawValue:)) ?? .pre,
                                      value: arguments["value"].flatMap { if case .number(let v) = $0 { Float(v) } else { nil } } ?? 0)
        #expect(output.shape == fixture.output.shape)
        #expect(output.scalars == fixture.output.data)
    }

    @Test func integerIdsPadLikeFloats() throws {
        #expect(try padSequences([[1, 2, 3], [4]] as [[Int]], maxlen: 2).scalars == [2, 3, 0, 4])
        #expect(try padSequences([[1, 2, 3], [4]] as [[Int]], padding: .post).scalars == [1, 2, 3, 4, 0, 0])
        #expect(try padSequences([[Int]](), maxlen: 3).shape == [0, 3])
        #expect(try padSequences([[1, 2]] as [[Int]], maxlen: 0).shape == [1, 0])
    }
}
