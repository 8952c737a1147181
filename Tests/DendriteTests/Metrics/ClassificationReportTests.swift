import DendriteTestSupport
import Testing
@testable import Dendrite

@Suite struct ClassificationReportTests {
    // Numbers and text from Scripts/fixtures/make_metric_fixtures.py (scikit-learn 1.9.1,
    // `classification_report(..., labels=[0, 1, 2, 3], zero_division=0)`). Class 2 is never a target
    // (recall 0/0) and class 3 never predicted (precision 0/0): both count as 0.
    static func fixtureReport() throws -> ClassificationReport {
        try ClassificationReport(predictions: ConfusionMatrixTests.predictions, targets: ConfusionMatrixTests.targets)
    }

    @Test func perClassScoresMatchScikitLearn() throws {
        let classes = try Self.fixtureReport().classes
        expectClose(classes.map(\.precision), [0.6, 0.5714285714285714, 0, 0])
        expectClose(classes.map(\.recall), [0.6, 0.8, 0, 0])
        expectClose(classes.map(\.f1Score), [0.6, 0.6666666666666666, 0, 0])
        #expect(classes.map(\.support) == [5, 5, 0, 3])
    }

    @Test func averagesMatchScikitLearn() throws {
        let report = try Self.fixtureReport()
        expectClose([report.accuracy], [0.5384615384615384])
        let macro = report.macroAverage, weighted = report.weightedAverage, micro = report.microAverage
        expectClose([macro.precision, macro.recall, macro.f1Score], [0.2928571428571428, 0.35, 0.31666666666666665])
        expectClose([weighted.precision, weighted.recall, weighted.f1Score],
                    [0.4505494505494505, 0.5384615384615384, 0.48717948717948717])
        expectClose([micro.precision, micro.recall, micro.f1Score], Array(repeating: 0.5384615384615384, count: 3))
        #expect(macro.support == 13 && weighted.support == 13)
    }

    @Test func printsLikeScikitLearn() throws {
        #expect(try Self.fixtureReport().description == """
                          precision    recall  f1-score   support

                       0       0.60      0.60      0.60         5
                       1       0.57      0.80      0.67         5
                       2       0.00      0.00      0.00         0
                       3       0.00      0.00      0.00         3

                accuracy                           0.54        13
               macro avg       0.29      0.35      0.32        13
            weighted avg       0.45      0.54      0.49        13
            """)
        let named = try ClassificationReport(predictions: ConfusionMatrixTests.predictions,
                                             targets: ConfusionMatrixTests.targets,
                                             classNames: ["setosa", "versicolor", "virginica", "unknown"])
        #expect(named.text(digits: 4) == """
                          precision    recall  f1-score   support

                  setosa     0.6000    0.6000    0.6000         5
              versicolor     0.5714    0.8000    0.6667         5
               virginica     0.0000    0.0000    0.0000         0
                 unknown     0.0000    0.0000    0.0000         3

                accuracy                         0.5385        13
               macro avg     0.2929    0.3500    0.3167        13
            weighted avg     0.4505    0.5385    0.4872        13
            """)
    }

    @Test func longClassNamesWidenTheFirstColumn() throws {
        let report = try ClassificationReport(predictions: [0, 1], targets: [0, 1], classNames: ["a", "a very long name"])
        let lines = report.text().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[3] == "a very long name       1.00      1.00      1.00         1")
    }

    @Test func classNamesCountClassesThatNeverOccur() throws {
        let report = try ClassificationReport(predictions: Tensor([0.9, 0.2]), targets: Tensor([1, 0]),
                                              classNames: ["no", "yes", "maybe"])
        #expect(report.classes.map(\.support) == [1, 1, 0])
        #expect(report.macroAverage.recall == 2.0 / 3.0)
    }

    @Test func rejectsTheWrongNumberOfClassNames() {
        #expect(throws: DendriteError.self) {
            try ClassificationReport(predictions: [0, 1, 2], targets: [0, 1, 2], classNames: ["a", "b"])
        }
    }
}

/// Element-wise |a − b| ≤ 1e-12 (the values are ratios of small counts, exact in float64 up to rounding).
private func expectClose(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(Swift.abs(a - e) <= 1e-12, "\(a) ≠ \(e)", sourceLocation: sourceLocation)
    }
}
