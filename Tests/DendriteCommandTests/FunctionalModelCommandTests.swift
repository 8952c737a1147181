import Dendrite
import Foundation
import Testing

/// The command works on functional models saved by the library, not only on the ones it trains.
@Suite struct FunctionalModelCommandTests {
    @Test func summarisesEvaluatesAndPredictsAResidualModel() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let features = Input(shape: [2], name: "features")
        let hidden = try Dense(8, activation: .relu, name: "hidden")(features)
        let residual = try Add(name: "residual")([hidden, try Dense(8, name: "skip")(hidden)])
        let model = try Model(inputs: features, outputs: try Dense(3, activation: .softmax, name: "classes")(residual),
                              name: "residual_classifier", seed: 4)
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        model.classNames = ["east", "north", "west"]
        try runner.write("clusters.csv", clusterCSV())
        try model.save(to: runner.url("model"))

        let summary = try runner.run("summary --model model")
        #expect(summary.status == 0, "\(summary.error)")
        #expect(summary.output.contains("Model: \"residual_classifier\"") && summary.output.contains("Connected to"))
        #expect(summary.output.contains("residual (Add)"))

        let evaluate = try runner.run("evaluate --model model --data clusters.csv --target label")
        #expect(evaluate.status == 0, "\(evaluate.error)")
        #expect(evaluate.output.contains("loss: "))

        try runner.write("points.csv", clusterCSV(withTarget: false))
        let predict = try runner.run("predict --model model --data points.csv --output predictions.csv")
        #expect(predict.status == 0, "\(predict.error)")
        #expect(try runner.read("predictions.csv").split(separator: "\n").count == 61)
    }

    @Test func convertsToAKerasArchiveAndUsesItAsAModel() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let model = Sequential(seed: 5, name: "points") {
            Input(shape: [2])
            Dense(6, activation: .tanh)
            Dense(3, activation: .softmax)
        }
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy)
        try model.build(inputShape: [2])
        try model.save(to: runner.url("model"))
        try runner.write("points.csv", clusterCSV(withTarget: false))

        let convert = try runner.run("convert model points.keras")
        #expect(convert.status == 0, "\(convert.error)")
        #expect(convert.output.contains("Wrote points.keras (Keras archive)"))
        let summary = try runner.run("summary --model points.keras")
        #expect(summary.status == 0 && summary.output.contains("Total params: 39"), "\(summary.output) \(summary.error)")
        let fromDirectory = try runner.run("predict --model model --data points.csv --output a.csv")
        let fromArchive = try runner.run("predict --model points.keras --data points.csv --output b.csv")
        #expect(fromDirectory.status == 0 && fromArchive.status == 0, "\(fromDirectory.error) \(fromArchive.error)")
        #expect(try runner.read("a.csv") == runner.read("b.csv"))
        let back = try runner.run("convert points.keras again")
        #expect(back.status == 0 && back.output.contains("Dendrite model directory"), "\(back.error)")
        let h5 = try runner.run("convert points.keras points.h5")
        #expect(h5.status == 0 && h5.output.contains("Keras 2 .h5 file"), "\(h5.error)")
        let fromH5 = try runner.run("predict --model points.h5 --data points.csv --output c.csv")
        #expect(fromH5.status == 0, "\(fromH5.error)")
        // The .h5 file keeps no compile settings, so the model predicts raw scores: same numbers, no labels.
        #expect(try runner.read("c.csv").split(separator: "\n").count == runner.read("a.csv").split(separator: "\n").count)
    }
}
