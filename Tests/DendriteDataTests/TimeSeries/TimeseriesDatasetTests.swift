import Testing
@testable import DendriteData

/// `timeseriesDatasetFromArray` against Keras' `timeseries_dataset_from_array` without shuffling
/// (`Fixtures/text_fixtures.json`, `Scripts/fixtures/make_text_fixtures.py`): every batch's windows
/// and targets exactly, for strides, sampling rates, start and end indices, several features,
/// forecasting targets and unbatched output.
@Suite struct TimeseriesDatasetTests {
    static let cases = TextFixtures.shared?.timeseries ?? []

    static func make(_ fixture: TextFixtures.TimeseriesCase, shuffle: Bool = false, seed: UInt64? = nil) throws -> TimeseriesDataset {
        let arguments = fixture.arguments
        return try timeseriesDatasetFromArray(
            fixture.data.tensor, targets: fixture.targets?.tensor,
            sequenceLength: try #require(arguments["sequence_length"]?.int),
            sequenceStride: arguments["sequence_stride"]?.int ?? 1, samplingRate: arguments["sampling_rate"]?.int ?? 1,
            batchSize: arguments["batch_size"] == .null ? nil : arguments["batch_size"]?.int ?? 128,
            shuffle: shuffle, seed: seed, startIndex: arguments["start_index"]?.int, endIndex: arguments["end_index"]?.int)
    }

    @Test func fixtureFileCoversTheOptions() {
        #expect(Self.cases.count == 6)
        #expect(Self.cases.contains { $0.arguments["start_index"] != nil && $0.arguments["sampling_rate"] != nil })
        #expect(Self.cases.contains { $0.arguments["batch_size"] == .null })
    }

    @Test(arguments: cases.map(\.name))
    func windowsAndTargetsMatchKeras(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let batches = Array(try Self.make(fixture))
        #expect(batches.count == fixture.batches.count, "\(name): batch count")
        for (batch, keras) in zip(batches, fixture.batches) {
            #expect(batch.inputs.shape == keras.inputs.shape && batch.inputs.scalars == keras.inputs.data, "\(name): windows")
            #expect(batch.targets?.shape == keras.targets?.shape && batch.targets?.scalars == keras.targets?.data, "\(name): targets")
        }
    }

    @Test(arguments: cases.map(\.name))
    func arraysHoldEveryWindowInOrder(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let (inputs, targets) = try Self.make(fixture).arrays()
        #expect(inputs.scalars == fixture.batches.flatMap(\.inputs.data))
        #expect(targets?.scalars == (fixture.targets == nil ? nil : fixture.batches.flatMap { $0.targets?.data ?? [] }))
    }

    @Test func shufflingIsASeededPermutationOfTheSameWindows() throws {
        let fixture = try #require(Self.cases.first { $0.name == "features_and_targets" })
        let ordered = try Self.make(fixture), shuffled = try Self.make(fixture, shuffle: true, seed: 5)
        #expect(shuffled.startPositions != ordered.startPositions)
        #expect(shuffled.startPositions.sorted() == ordered.startPositions)
        #expect(try Self.make(fixture, shuffle: true, seed: 5).startPositions == shuffled.startPositions)
        // Each window still has its own target: target = 10 × the window's first step.
        let (inputs, targets) = shuffled.arrays()
        let window = inputs.shape[1] * inputs.shape[2]
        for (index, target) in try #require(targets).scalars.enumerated() {
            #expect(target == 10 * inputs.scalars[index * window])
        }
    }
}
