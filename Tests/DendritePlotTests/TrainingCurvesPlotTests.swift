import Testing
@testable import Dendrite
@testable import DendritePlot

@Suite struct TrainingCurvesPlotTests {
    static func history(epochs: Int) -> History {
        var history = History()
        for epoch in 0..<epochs {
            let e = Float(epoch)
            history.record(epoch: epoch, logs: ["loss": 1 / (1 + e), "val_loss": 1.2 / (1 + e), "accuracy": 0.5 + 0.04 * e,
                                                "val_accuracy": 0.45 + 0.04 * e, "learning_rate": 0.001, "epoch_time": 0.01])
        }
        return history
    }

    @Test func drawsLossAndEachMetricWithItsValidationCurveAgainstEpochs() throws {
        let svg = try SVGInspector(try Plot.trainingCurves(Self.history(epochs: 8)))
        let panels = svg.groups("subplot")
        #expect(panels.count == 2)
        #expect(panels.map { svg.all("path", in: $0).compactMap { $0.attribute("data-series") } }
                == [["loss", "val_loss"], ["accuracy", "val_accuracy"]])
        for path in svg.all("path") { #expect(SVGInspector.points(path.attribute("d") ?? "").points.count == 8) }
        #expect(svg.all("path").map { $0.attribute("stroke-dasharray") } == [nil, "6 4", nil, "6 4"])
        let lossTexts = svg.texts(in: panels[0])
        #expect(lossTexts.contains("Loss") && lossTexts.contains("Epoch") && lossTexts.contains("loss"))
        #expect(svg.texts(in: svg.groups("x-ticks", in: panels[0])[0]) == ["0", "2", "4", "6", "8"])
        #expect(svg.texts(in: svg.groups("legend", in: panels[1])[0]) == ["accuracy", "val_accuracy"])
    }

    @Test func drawsOnlyTheRequestedMetricsAndALogarithmicLossOnRequest() throws {
        let text = try Plot.trainingCurves(Self.history(epochs: 3), metrics: ["learning_rate"], logarithmicLoss: true)
        let svg = try SVGInspector(text)
        #expect(svg.all("path").compactMap { $0.attribute("data-series") } == ["loss", "val_loss", "learning_rate"])
        #expect(svg.texts(in: svg.groups("y-ticks")[0]) == ["0.2", "0.5", "1", "2"])
        #expect(svg.texts(in: svg.groups("x-ticks")[0]) == ["1", "2", "3"])
    }

    @Test func rejectsAnEmptyHistoryAndUnknownMetrics() throws {
        let empty = try #require(throws: DendriteError.self) { try Plot.trainingCurves(History()) }
        #expect(empty.message.contains("empty"))
        let unknown = try #require(throws: DendriteError.self) {
            try Plot.trainingCurves(Self.history(epochs: 2), metrics: ["auc"])
        }
        #expect(unknown.message.contains("'auc'") && unknown.message.contains("val_accuracy"))
    }
}
