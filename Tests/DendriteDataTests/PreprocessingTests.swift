import Foundation
import Testing
@testable import DendriteData

@Suite struct PreprocessingTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    @Test func scalersTransformInvertAndSurviveCoding() throws {
        let x = Tensor([[1, 2], [3, 6], [5, 10]])
        let standard = try StandardScaler().fit(x)
        let z = try standard.transform(x)
        #expect(z.scalars.map { ($0 * 1e5).rounded() / 1e5 } == [-1.22474, -1.22474, 0, 0, 1.22474, 1.22474])
        #expect(try standard.inverseTransform(z) == x)
        #expect(try roundTrip(standard) == standard)
        let minMax = try MinMaxScaler(low: -1, high: 1).fit(x)
        #expect(try minMax.transform(x) == Tensor([[-1, -1], [0, 0], [1, 1]]))
        #expect(try roundTrip(minMax) == minMax)
    }

    @Test func scalersThrowBeforeFitAndForTheWrongWidth() throws {
        let early = try #require(throws: DendriteError.self) { try StandardScaler().transform(Tensor([[1, 2]])) }
        #expect(early.message == "StandardScaler: transform called before fit; call fit(_:) on training data first")
        let fitted = try MinMaxScaler().fit(Tensor([[1, 2], [3, 4]]))
        let wide = try #require(throws: DendriteError.self) { try fitted.transform(Tensor([[1, 2, 3]])) }
        #expect(wide.message == "MinMaxScaler: transform got shape [1, 3]; the scaler was fitted on 2 features, expected [samples, 2]")
        #expect(wide.kind == .shapeMismatch)
    }

    /// Like scikit-learn, fitting refuses empty data and NaN or infinite values instead of learning NaN statistics.
    @Test func fittingRefusesEmptyMisshapenAndNonFiniteData() throws {
        let empty = try #require(throws: DendriteError.self) { try StandardScaler().fit(Tensor.zeros([0, 3])) }
        #expect(empty.message == "StandardScaler: fit needs data of shape [samples, features] with at least one of each, got [0, 3]")
        #expect(throws: DendriteError.self) { try MinMaxScaler().fit(Tensor([1, 2, 3])) }
        let nan = try #require(throws: DendriteError.self) { try MinMaxScaler().fit(Tensor([[1, 2], [3, .nan]])) }
        #expect(nan.message == "MinMaxScaler: fit data contain a non-finite value (nan) in sample 1")
        let infinite = try #require(throws: DendriteError.self) { try OneHotEncoder().fit(Tensor([0, 1, .infinity])) }
        #expect(infinite.message == "OneHotEncoder: fit values contain a non-finite value (inf) in sample 2")
        #expect(throws: DendriteError.self) { try OneHotEncoder().fit(Tensor.zeros([0])) }
        #expect(throws: DendriteError.self) { try OneHotEncoder().fit(Tensor.zeros([2, 2, 2])) }
    }

    @Test func labelEncoderSortsNamesAndRefusesUnseenLabels() throws {
        let encoder = LabelEncoder().fit(["dog", "cat", "emu", "dog"])
        #expect(encoder.classes == ["cat", "dog", "emu"])
        #expect(try encoder.transform(["emu", "cat", "dog"]).scalars == [2, 0, 1])
        #expect(try encoder.inverseTransform(Tensor([1, 2, 0])) == ["dog", "emu", "cat"])
        #expect(try roundTrip(encoder) == encoder)
        let unseen = try #require(throws: DendriteError.self) { try encoder.transform(["cat", "owl"]) }
        #expect(unseen.message == "LabelEncoder: label 'owl' at position 1 was not seen by fit; known labels: cat, dog, emu")
        let badId = try #require(throws: DendriteError.self) { try encoder.inverseTransform(Tensor([3])) }
        #expect(badId.message == "LabelEncoder: id 3.0 at position 0 is not a class id 0…2")
        #expect(throws: DendriteError.self) { try LabelEncoder().transform(["a"]) }
    }

    @Test func oneHotEncoderEncodesEachColumnAndInverts() throws {
        let x = Tensor([[0, 10], [2, 10], [0, 30]])
        let encoder = try OneHotEncoder().fit(x)
        #expect(encoder.categories == [[0, 2], [10, 30]])
        let encoded = try encoder.transform(x)
        #expect(encoded == Tensor([[1, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 1]]))
        #expect(try encoder.inverseTransform(encoded) == x)
        #expect(try roundTrip(encoder) == encoder)
        let unseen = try #require(throws: DendriteError.self) { try encoder.transform(Tensor([[0, 20]])) }
        #expect(unseen.message == "OneHotEncoder: value 20.0 in row 0, column 1 was not seen by fit; known: 10.0, 30.0")
        let ignoring = try OneHotEncoder(handleUnknown: .ignore).fit(x)
        #expect(try ignoring.transform(Tensor([[2, 20]])) == Tensor([[0, 1, 0, 0]]))
        let labels = try OneHotEncoder().fit(Tensor([2, 0, 1]))
        #expect(try labels.transform(Tensor([1, 2])) == Tensor([[0, 1, 0], [0, 0, 1]]))
        #expect(try labels.inverseTransform(Tensor([[0.1, 0.7, 0.2]])).scalars == [1])
    }

    @Test func kFoldCutsFoldsLikeScikitLearn() throws {
        let folds = try KFold(splits: 3).split(count: 10)
        #expect(folds.map(\.test) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(folds[1].train == [0, 1, 2, 3, 7, 8, 9])
        let shuffled = try KFold(splits: 3, shuffle: true, seed: 4).split(count: 10)
        #expect(shuffled.map(\.test.count) == [4, 3, 3])
        #expect(shuffled.flatMap(\.test).sorted() == Array(0..<10))
        #expect(shuffled.map(\.test) != folds.map(\.test))
        #expect(try KFold(splits: 3, shuffle: true, seed: 4).split(count: 10).map(\.test) == shuffled.map(\.test))
        let tooMany = try #require(throws: DendriteError.self) { try KFold(splits: 5).split(count: 3) }
        #expect(tooMany.message == "KFold: 5 splits need at least 5 samples, got 3")
        #expect(try roundTrip(KFold(splits: 4, shuffle: true, seed: 9)) == KFold(splits: 4, shuffle: true, seed: 9))
    }

    @Test func stratifiedKFoldSpreadsEveryClassEvenly() throws {
        let labels = Tensor([0, 0, 0, 0, 0, 0, 1, 1, 1])
        let folds = try StratifiedKFold(splits: 3).split(labels: labels)
        #expect(folds.map(\.test) == [[0, 3, 6], [1, 4, 7], [2, 5, 8]])
        let shuffled = try StratifiedKFold(splits: 3, shuffle: true, seed: 1).split(labels: labels)
        for fold in shuffled { #expect(fold.test.filter { labels.scalars[$0] == 1 }.count == 1) }
        #expect(shuffled.flatMap(\.test).sorted() == Array(0..<9))
    }

    @Test func threeWaySplitTakesEachFractionOfTheWhole() throws {
        let data = Datasets.iris()
        let (train, validation, test) = try data.split(validationFraction: 0.2, testFraction: 0.1, seed: 3, stratified: true)
        #expect((train.count, validation.count, test.count) == (105, 30, 15))
        for part in [validation, test] {
            let perClass = Dictionary(grouping: part.labels.scalars, by: { $0 }).mapValues(\.count)
            #expect(Set(perClass.values).count == 1, "\(perClass)")
        }
        let all = (train.features.scalars + validation.features.scalars + test.features.scalars).reduce(0, +)
        #expect(abs(all - data.features.scalars.reduce(0, +)) < 1e-2)
    }

    @Test func batchesShareTheDataAndCoverEverySampleOnce() throws {
        let data = Dataset(name: "ten", features: Tensor(shape: [10, 2], scalars: (0..<20).map(Float.init)),
                           labels: Tensor((0..<10).map(Float.init)))
        let ordered = try data.batches(size: 4, shuffle: false)
        #expect(ordered.features.storage === data.features.storage)
        #expect(ordered.map(\.labels.scalars) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(ordered.map(\.features.shape) == [[4, 2], [4, 2], [2, 2]])
        let shuffled = try data.batches(size: 4, seed: 11)
        let seen = shuffled.flatMap(\.labels.scalars)
        #expect(seen.sorted() == (0..<10).map(Float.init) && seen != seen.sorted())
        #expect(shuffled.map(\.labels.scalars) == shuffled.map(\.labels.scalars))
        for batch in shuffled { #expect(batch.features.scalars == batch.labels.scalars.flatMap { [2 * $0, 2 * $0 + 1] }) }
        #expect(try data.batches(size: 4, dropRemainder: true).batchCount == 2)
        let error = try #require(throws: DendriteError.self) { try data.batches(size: 0) }
        #expect(error.message == "BatchIterator: batchSize must be > 0, got 0")
    }
}
