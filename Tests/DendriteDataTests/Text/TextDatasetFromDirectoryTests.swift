import Foundation
import Testing
@testable import DendriteData

/// `textDatasetFromDirectory` against Keras' `text_dataset_from_directory` without shuffling
/// (`Fixtures/text_fixtures.json`, `Scripts/fixtures/make_text_fixtures.py`): the same folder tree
/// (a sub-folder per speaker of the sample, nested folders, `.TXT`, a `.md` file, a hidden folder)
/// must give the same files in the same order, the same class names and labels in every label mode,
/// the same validation split and the same byte cut with `maxLength`. Shuffled orders are checked for
/// what they promise: seeded, a permutation, and training and validation never overlapping.
@Suite struct TextDatasetFromDirectoryTests {
    typealias Value = TextFixtures.Value

    static let fixture = TextFixtures.shared?.textDataset
    static let cases = fixture?.cases ?? []

    /// Writes the fixture's files (all, or the two-class tree) into a new folder.
    static func makeTree(twoClasses: Bool) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for file in try #require(fixture).files where !twoClasses || ["bernardo", "horatio"].contains(file[0].split(separator: "/")[0]) {
            let url = directory.url.appendingPathComponent(file[0])
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file[1].utf8).write(to: url)
        }
        return directory
    }

    @Test func fixtureFileCoversLabelModesSplitsAndCuts() {
        #expect(Self.cases.count == 8)
        #expect(Self.cases.contains { $0.arguments["subset"]?.string == "validation" })
        #expect(Self.cases.contains { $0.arguments["label_mode"]?.string == "binary" })
    }

    @Test(arguments: cases.map(\.name))
    func matchesKerasWithoutShuffling(_ name: String) throws {
        let fixture = try #require(Self.fixture)
        let keras = try #require(Self.cases.first { $0.name == name })
        let directory = try Self.makeTree(twoClasses: keras.twoClasses)
        defer { directory.remove() }
        let arguments = keras.arguments
        let labels: DirectoryLabels? = arguments["labels"] == .null ? nil : .inferred
        let dataset = try textDatasetFromDirectory(
            directory.url, labels: labels,
            labelMode: arguments["label_mode"]?.string.flatMap(TextLabelMode.init(rawValue:)) ?? .int,
            classNames: arguments["class_names"]?.strings, batchSize: nil, maxLength: arguments["max_length"]?.int,
            shuffle: false, validationSplit: arguments["validation_split"].flatMap { if case .number(let v) = $0 { v } else { nil } },
            subset: arguments["subset"]?.string.flatMap(DatasetSubset.init(rawValue:)))
        let expectedTexts = keras.texts ?? (keras.files ?? []).map { fixture.files[$0][1] }
        #expect(dataset.texts == expectedTexts, "\(name): texts in order")
        #expect(dataset.classNames == (keras.classNames ?? []), "\(name): class names")
        #expect(dataset.labels?.shape == keras.labels?.shape, "\(name): label shape")
        #expect(dataset.labels?.scalars == keras.labels?.data, "\(name): labels")
        if let files = keras.files {
            #expect(dataset.files.map { $0.path } == files.map { directory.url.appendingPathComponent(fixture.files[$0][0]).path })
        }
    }

    @Test func iteratesInBatchesOfBatchSize() throws {
        let directory = try Self.makeTree(twoClasses: false)
        defer { directory.remove() }
        let dataset = try textDatasetFromDirectory(directory.url, labelMode: .categorical, batchSize: 10, shuffle: false)
        let batches = Array(dataset)
        #expect(batches.map(\.texts.count) == [10, 10, 10, 10, 9])
        #expect(batches.map { $0.labels?.shape ?? [] } == [[10, 4], [10, 4], [10, 4], [10, 4], [9, 4]])
        #expect(batches.flatMap(\.texts) == dataset.texts)
        let single = try textDatasetFromDirectory(directory.url, batchSize: nil, shuffle: false)
        #expect(Array(single).first?.labels?.shape == [])
    }

    @Test func shuffledSplitsAreSeededPermutationsThatDoNotOverlap() throws {
        let directory = try Self.makeTree(twoClasses: false)
        defer { directory.remove() }
        let ordered = try textDatasetFromDirectory(directory.url, shuffle: false)
        let first = try textDatasetFromDirectory(directory.url, seed: 7)
        let again = try textDatasetFromDirectory(directory.url, seed: 7)
        let other = try textDatasetFromDirectory(directory.url, seed: 8)
        #expect(first.texts == again.texts && first.texts != other.texts && first.texts != ordered.texts)
        #expect(first.texts.sorted() == ordered.texts.sorted())
        // Every text keeps its label through the shuffle.
        let labelOf = Dictionary(uniqueKeysWithValues: zip(ordered.texts, try #require(ordered.labels).scalars))
        #expect(first.texts.map { labelOf[$0] } == (try #require(first.labels).scalars))

        let (training, validation) = try textDatasetsFromDirectory(directory.url, validationSplit: 0.2, seed: 3)
        #expect(validation.count == 9 && training.count == 40)
        #expect(Set(training.texts).isDisjoint(with: validation.texts))
        let validationOnly = try textDatasetFromDirectory(directory.url, seed: 3, validationSplit: 0.2, subset: .validation)
        #expect(validationOnly.texts == validation.texts)
    }

    @Test func maxLengthCutsAtACharacterBoundary() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("a"), withIntermediateDirectories: true)
        try Data("naïve café".utf8).write(to: directory.url.appendingPathComponent("a/x.txt"))
        // "naïve café" is n a ï(2 bytes) v e ␠ c a f é(2 bytes): 4 bytes end inside "ï".
        let texts = try (1...12).map { try textDatasetFromDirectory(directory.url, maxLength: $0, shuffle: false).texts[0] }
        #expect(texts == ["n", "na", "na", "naï", "naïv", "naïve", "naïve ", "naïve c", "naïve ca", "naïve caf", "naïve caf", "naïve café"])
    }

    @Test func givenLabelsFollowTheFileOrderOfTheWholeFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (path, text) in [("b.txt", "second"), ("a.txt", "first"), ("sub/c.txt", "third")] {
            let url = directory.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let dataset = try textDatasetFromDirectory(directory.url, labels: .given([1, 0, 1]), labelMode: .binary, shuffle: false)
        #expect(dataset.texts == ["first", "second", "third"])
        #expect(dataset.labels?.scalars == [1, 0, 1] && dataset.labels?.shape == [3, 1])
        #expect(dataset.classNames == ["0", "1"])
        let unlabelled = try textDatasetFromDirectory(directory.url, labels: nil, shuffle: false)
        #expect(unlabelled.labels == nil && unlabelled.texts.count == 3)
    }
}
