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

    /// A CSV row is one sample flattened row-major (channels last), the inputs side by side in order.
    @Test func predictReshapesRowsToEachInputOfAKerasFile() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let image = Input(shape: [3, 3, 2], name: "image"), extra = Input(shape: [2], name: "extra")
        let convolved = try Flatten()(try Conv2D(2, kernelSize: 2, activation: .relu)(image))
        let model = try Model(inputs: [image, extra], outputs: try Dense(1)(try Concatenate()([convolved, extra])), name: "two", seed: 3)
        try model.save(to: runner.url("two.keras"))
        let rows = 4
        let images = Tensor(shape: [rows, 3, 3, 2], scalars: (0..<(rows * 18)).map { Float(($0 * 7) % 11) / 5 - 1 })
        let extras = Tensor(shape: [rows, 2], scalars: (0..<(rows * 2)).map { Float($0) / 4 })
        var lines = [(0..<20).map { "f\($0)" }.joined(separator: ",")]
        for row in 0..<rows {
            let values = Array(images.scalars[(row * 18)..<((row + 1) * 18)]) + Array(extras.scalars[(row * 2)..<((row + 1) * 2)])
            lines.append(values.map { "\($0)" }.joined(separator: ","))
        }
        try runner.write("rows.csv", lines.joined(separator: "\n") + "\n")
        let predict = try runner.run("predict --model two.keras --data rows.csv --output out.csv")
        #expect(predict.status == 0, "\(predict.error)")
        let expected = try model.predict([images, extras])[0].scalars
        let written = try runner.read("out.csv").split(separator: "\n").dropFirst().compactMap { Float($0.split(separator: ",").last ?? "") }
        #expect(written.count == rows)
        for (got, want) in zip(written, expected) { #expect(abs(got - want) <= 1e-5 * max(1, abs(want))) }
        try runner.write("short.csv", "a,b\n1,2\n")
        let short = try runner.run("predict --model two.keras --data short.csv")
        #expect(short.errorLines.first?.contains("the model takes 20 features (18 + 2 for its 2 inputs), but 'short.csv' has 2") == true, "\(short.error)")
    }
}
