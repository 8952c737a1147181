import Testing
@testable import Dendrite

@Suite struct MetricFunctionsTests {
    // Reference numbers from Scripts/fixtures/make_metric_fixtures.py (scikit-learn 1.9.1).
    static let scores = Tensor([0.9, 0.2, 0.65, 0.4, 0.8, 0.35, 0.1, 0.7, 0.3, 0.5])
    static let labels = Tensor([1, 0, 1, 1, 1, 0, 0, 0, 1, 0])
    static let classPredictions = Tensor(ConfusionMatrixTests.predictions.map(Float.init))
    static let classTargets = Tensor(ConfusionMatrixTests.targets.map(Float.init))

    @Test func binaryScoresOfThresholdedProbabilities() throws {
        let (p, y) = (Self.scores, Self.labels)
        #expect(isClose(try Metrics.accuracy(predictions: p, targets: y), 0.7))
        #expect(try Metrics.precision(predictions: p, targets: y) == 0.75)
        #expect(isClose(try Metrics.recall(predictions: p, targets: y), 0.6))
        #expect(isClose(try Metrics.f1Score(predictions: p, targets: y), 2.0 / 3.0))
        #expect(isClose(try Metrics.rocAUC(predictions: p, targets: y), 0.76))
        // Column shapes and a different threshold: 0.25 makes eight positives, five of them right.
        #expect(try Metrics.precision(predictions: p.reshaped([10, 1]), targets: y.reshaped([10, 1]), threshold: 0.25)
            == 0.625)
    }

    @Test func averagedScoresOfClassIds() throws {
        let (p, y) = (Self.classPredictions, Self.classTargets)
        let expected: [(Metrics.Average, [Double])] = [
            (.macro, [0.2928571428571428, 0.35, 0.31666666666666665]),
            (.micro, [0.5384615384615384, 0.5384615384615384, 0.5384615384615384]),
            (.weighted, [0.4505494505494505, 0.5384615384615384, 0.48717948717948717]),
        ]
        for (average, numbers) in expected {
            #expect(isClose(try Metrics.precision(predictions: p, targets: y, average: average), numbers[0]))
            #expect(isClose(try Metrics.recall(predictions: p, targets: y, average: average), numbers[1]))
            #expect(isClose(try Metrics.f1Score(predictions: p, targets: y, average: average), numbers[2]))
        }
        #expect(isClose(try Metrics.accuracy(predictions: p, targets: y), 7.0 / 13.0))
    }

    @Test func scoreRowsAreArgmaxed() throws {
        let probabilities = Tensor([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
        let oneHot = Tensor([[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]])
        #expect(try Metrics.accuracy(predictions: probabilities, targets: oneHot) == 0.75)
        #expect(try Metrics.accuracy(predictions: probabilities, targets: Tensor([0, 1, 1, 2])) == 0.75)
        // Per class (precision, recall): 0 → (1, 1), 1 → (1, ½), 2 → (½, 1).
        #expect(isClose(try Metrics.recall(predictions: probabilities, targets: oneHot, average: .macro), 2.5 / 3))
    }

    @Test func regressionScoresMatchScikitLearn() throws {
        let y = Tensor([3, -0.5, 2, 7, 4.5]), p = Tensor([2.5, 0, 2, 8, 4])
        #expect(isClose(try Metrics.r2Score(predictions: p, targets: y), 0.9440894568690096))
        #expect(try Metrics.meanAbsoluteError(predictions: p, targets: y) == 0.5)
        #expect(isClose(try Metrics.meanSquaredError(predictions: p, targets: y), 0.35))
        // Two outputs: scikit-learn's r2 averages the per-output scores.
        let multiY = Tensor([[0.5, 1], [-1, 1], [7, -6]]), multiP = Tensor([[0, 2], [-1, 2], [8, -5]])
        #expect(isClose(try Metrics.r2Score(predictions: multiP, targets: multiY), 0.9368005266622779))
        // Constant targets: 1 when predicted exactly, else 0 (scikit-learn's force_finite).
        #expect(try Metrics.r2Score(predictions: Tensor([2, 2]), targets: Tensor([2, 2])) == 1)
        #expect(try Metrics.r2Score(predictions: Tensor([2, 3]), targets: Tensor([2, 2])) == 0)
    }

    @Test func rejectsBadInput() {
        let y = Tensor([0, 1, 1]), empty = Tensor(shape: [0], scalars: [])
        #expect(throws: DendriteError.self) { try Metrics.accuracy(predictions: Tensor([0.2, 0.8]), targets: y) }
        #expect(throws: DendriteError.self) { try Metrics.accuracy(predictions: empty, targets: empty) }
        #expect(throws: DendriteError.self) { try Metrics.precision(predictions: Tensor([0, 2, 1]), targets: y) }
        #expect(throws: DendriteError.self) {
            try Metrics.recall(predictions: Tensor([0.1, 0.7, 0.9]), targets: Tensor([0, 0.5, 1]))
        }
        #expect(throws: DendriteError.self) { try Metrics.f1Score(predictions: Tensor([0.1, .nan, 0.9]), targets: y) }
        #expect(throws: DendriteError.self) { try Metrics.rocAUC(predictions: Tensor([0.1, 0.7]), targets: Tensor([1, 1])) }
        #expect(throws: DendriteError.self) { try Metrics.rocAUC(predictions: Tensor([0.1, 0.7]), targets: y) }
        #expect(throws: DendriteError.self) {
            try Metrics.meanSquaredError(predictions: Tensor([1, 2]), targets: Tensor([1, 2, 3]))
        }
        #expect(throws: DendriteError.self) { try Metrics.r2Score(predictions: empty, targets: empty) }
        #expect(throws: DendriteError.self) {
            try Metrics.meanAbsoluteError(predictions: Tensor([1, .infinity]), targets: Tensor([1, 2]))
        }
    }
}

/// Whether a `Float` metric equals a float64 reference to within float32 rounding (1e-6).
private func isClose(_ actual: Float, _ expected: Double) -> Bool {
    Swift.abs(Double(actual) - expected) <= 1e-6
}
