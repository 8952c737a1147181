import Foundation
import Testing
@testable import Dendrite
@testable import DendritePlot

/// Renders the pictures in docs/images from real runs. Off by default (it trains for a few
/// seconds and writes into the source tree); run it with
/// `DENDRITE_DOC_IMAGES=1 swift test --filter DocumentationImages`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DENDRITE_DOC_IMAGES"] == "1"))
struct DocumentationImages {
    static let images = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/images")

    /// The README's breast-cancer classifier, trained for 40 epochs: its curves and its confusion matrix on the test split.
    @Test func breastCancerTrainingCurvesAndConfusionMatrix() throws {
        let data = Datasets.breastCancer()
        let (train, test) = try data.split(testFraction: 0.2, seed: 42)
        let scaler = try StandardScaler().fit(train.features)
        let model = Sequential(seed: 1) {
            Dense(16, activation: .relu, inputShape: [30])
            Dense(8, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .binaryCrossentropy, metrics: [.accuracy])
        let history = try model.fit(scaler.transform(train.features), train.labels, epochs: 40, batchSize: 32,
                                    validationData: (scaler.transform(test.features), test.labels), verbose: 0)
        try Plot.write(try Plot.trainingCurves(history), to: Self.images.appendingPathComponent("training-curves.svg"))
        let predictions = try model.predict(scaler.transform(test.features))
        let matrix = try ConfusionMatrix(predictions: predictions, targets: test.labels)
        try Plot.write(try Plot.confusionMatrix(matrix, classNames: data.classNames),
                       to: Self.images.appendingPathComponent("confusion-matrix.svg"))
    }

    @Test func activationFunctions() throws {
        let svg = try Plot.activationFunctions([.sigmoid, .tanh, .relu, .leakyRelu(slope: 0.1), .elu, .gelu, .softplus])
        try Plot.write(svg, to: Self.images.appendingPathComponent("activations.svg"))
    }

    /// The XOR network of `dendrite demo xor`: two sigmoid units carve out the band where exactly one input is 1.
    @Test func xorDecisionBoundary() throws {
        let data = LogicGate.xor.dataset
        let model = Sequential(seed: 3, name: "xor") {
            Dense(2, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1), inputShape: [2])
            Dense(1, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1))
        }
        model.compile(optimizer: SGD(learningRate: 4), loss: .meanSquaredError)
        _ = try model.fit(data.features, data.labels, epochs: 5000, batchSize: 4, shuffle: false, verbose: 0)
        let svg = try Plot.decisionBoundary(model: model, features: data.features, labels: data.labels,
                                            classNames: ["a XOR b = 0", "a XOR b = 1"], featureNames: ["a", "b"])
        try Plot.write(svg, to: Self.images.appendingPathComponent("xor-decision-boundary.svg"))
    }
}
