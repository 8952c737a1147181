import Testing
@testable import Dendrite

@Suite struct ConfusionMatrixTests {
    // Numbers from Scripts/fixtures/make_metric_fixtures.py (scikit-learn 1.9.1 `confusion_matrix`).
    static let targets = [0, 0, 0, 0, 1, 1, 1, 3, 3, 3, 1, 0, 1]
    static let predictions = [0, 0, 1, 2, 1, 1, 0, 1, 0, 1, 1, 0, 1]

    @Test func countsRowsByTrueClassAndColumnsByPrediction() throws {
        let matrix = try ConfusionMatrix(predictions: Self.predictions, targets: Self.targets)
        #expect(matrix.counts == [[3, 1, 1, 0], [1, 4, 0, 0], [0, 0, 0, 0], [1, 2, 0, 0]])
        #expect(matrix.classCount == 4 && matrix.total == 13 && matrix.correct == 7)
        #expect(matrix.truePositives == [3, 4, 0, 0])
        #expect(matrix.falsePositives == [2, 3, 1, 0])
        #expect(matrix.falseNegatives == [2, 1, 0, 3])
        #expect(matrix.support == [5, 5, 0, 3])
    }

    @Test func classCountAddsClassesThatNeverOccur() throws {
        let matrix = try ConfusionMatrix(predictions: [1, 0], targets: [1, 1], classCount: 3)
        #expect(matrix.counts == [[0, 0, 0], [1, 1, 0], [0, 0, 0]])
    }

    @Test func readsBinaryProbabilitiesAndScoreRows() throws {
        // Binary case of the fixture script: 0.5 itself is not above the threshold.
        let scores = Tensor([0.9, 0.2, 0.65, 0.4, 0.8, 0.35, 0.1, 0.7, 0.3, 0.5])
        let labels = Tensor([1, 0, 1, 1, 1, 0, 0, 0, 1, 0])
        #expect(try ConfusionMatrix(predictions: scores, targets: labels).counts == [[4, 1], [2, 3]])
        #expect(try ConfusionMatrix(predictions: scores.reshaped([10, 1]), targets: labels, threshold: 0.25).counts
            == [[2, 3], [0, 5]])
        let rows = Tensor([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3]])
        let oneHot = Tensor([[1, 0, 0], [0, 1, 0], [0, 1, 0]])
        #expect(try ConfusionMatrix(predictions: rows, targets: oneHot).counts == [[1, 0, 0], [0, 1, 1], [0, 0, 0]])
        #expect(try ConfusionMatrix(predictions: rows, targets: Tensor([0, 1, 1])).counts
            == [[1, 0, 0], [0, 1, 1], [0, 0, 0]])
    }

    @Test func printsAnAlignedTable() throws {
        let matrix = try ConfusionMatrix(predictions: [0, 1, 1, 2], targets: [0, 1, 2, 2])
        #expect(matrix.description == """
            true \\ predicted  0  1  2
                           0  1  0  0
                           1  0  1  0
                           2  0  1  1
            """)
        let named = try ConfusionMatrix(predictions: Array(repeating: 1, count: 12), targets: Array(repeating: 0, count: 12))
        #expect(named.table(classNames: ["cat", "dog"]) == """
            true \\ predicted  cat  dog
                         cat    0   12
                         dog    0    0
            """)
    }

    @Test func rejectsMismatchedEmptyAndOutOfRangeLabels() {
        #expect(throws: DendriteError.self) { try ConfusionMatrix(predictions: [0, 1], targets: [0]) }
        #expect(throws: DendriteError.self) { try ConfusionMatrix(predictions: [], targets: []) }
        #expect(throws: DendriteError.self) { try ConfusionMatrix(predictions: [0, -1], targets: [0, 1]) }
        #expect(throws: DendriteError.self) { try ConfusionMatrix(predictions: [0, 2], targets: [0, 1], classCount: 2) }
        #expect(throws: DendriteError.self) {
            try ConfusionMatrix(predictions: Tensor([0.5, 1.5]), targets: Tensor([0, 1]))
        }
        #expect(throws: DendriteError.self) {
            try ConfusionMatrix(predictions: Tensor([0.2, .nan]), targets: Tensor([0, 1]))
        }
    }
}
