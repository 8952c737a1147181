import Foundation
import Testing
@testable import Dendrite

@Suite struct LossTrainingTests {
    static let x = Tensor(shape: [32, 2], scalars: (0..<64).map { Float(($0 * 29) % 31) / 15 - 1 })

    @Test func focalCrossEntropyTrainsABinaryClassifier() throws {
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { Self.x[$0, 0] - Self.x[$0, 1] > 0 ? 1 : 0 })
        let model = Sequential(seed: 2) { Dense(8, activation: .relu, inputShape: [2]); Dense(1, activation: .sigmoid) }
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryFocalCrossentropy(applyClassBalancing: true, alpha: 0.5),
                      metrics: [.accuracy, .auc(curve: .pr)])
        let history = try model.fit(Self.x, y, epochs: 40, batchSize: 8, verbose: 0)
        let losses = try #require(history["loss"])
        #expect(losses.last! < 0.3 * losses.first!)
        #expect(try #require(history["accuracy"]).last! > 0.9 && history["pr_auc"]!.last! > 0.9)
    }

    @Test func logCoshAndCategoricalHingeLossesFall() throws {
        let regression = Self.x.sum(alongAxes: [1], keepingDimensions: true).squared()
        let labels = (0..<32).map { Self.x[$0, 0] > 0.3 ? 2 : Self.x[$0, 0] > -0.3 ? 1 : 0 }
        let oneHot = Tensor(shape: [32, 3], scalars: labels.flatMap { label in (0..<3).map { $0 == label ? 1 : 0 } })
        for (loss, y, width) in [(Loss.logCosh, regression, 1), (.categoricalHinge, oneHot, 3)] {
            let model = Sequential(seed: 7) { Dense(16, activation: .tanh, inputShape: [2]); Dense(width) }
            model.compile(optimizer: Adam(learningRate: 0.03), loss: loss, metrics: width == 1 ? [.rootMeanSquaredError] : [.categoricalAccuracy])
            let losses = try #require(try model.fit(Self.x, y, epochs: 40, batchSize: 8, verbose: 0)["loss"])
            #expect(losses.last! < 0.5 * losses.first!, "\(loss.name): \(losses.first!) → \(losses.last!)")
        }
    }

    /// Bad hyper-parameters throw at `fit` (and `evaluate`), naming the setting and its value.
    @Test(arguments: [
        (Loss.binaryFocalCrossentropy(gamma: -1), Metric.accuracy, "gamma must be ≥ 0, got -1.0"),
        (.binaryFocalCrossentropy(alpha: 1.5), .accuracy, "alpha must be in [0, 1], got 1.5"),
        (.binaryCrossentropy(labelSmoothing: 1.2), .accuracy, "labelSmoothing must be in [0, 1], got 1.2"),
        (.categoricalCrossentropy(labelSmoothing: -0.1), .accuracy, "labelSmoothing must be in [0, 1], got -0.1"),
        (.huber(delta: 0), .accuracy, "delta must be > 0, got 0.0"),
        (.mse, .topKCategoricalAccuracy(k: -1), "k must be ≥ 1, got -1"),
        (.mse, .sparseTopKCategoricalAccuracy(k: 0), "k must be ≥ 1, got 0"),
        (.mse, .meanIoU(numClasses: 1), "numClasses must be ≥ 2, got 1"),
        (.mse, .auc(curve: .pr, numThresholds: 1), "numThresholds must be > 1, got 1"),
    ])
    func badHyperParametersThrowNamingTheSettingAndValue(_ loss: Loss, _ metric: Metric, _ expected: String) throws {
        let model = Sequential(seed: 1) { Dense(1, activation: .sigmoid, inputShape: [2]) }
        model.compile(optimizer: SGD(), loss: loss, metrics: [metric])
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { Float($0 % 2) })
        for call in [{ _ = try model.fit(Self.x, y, epochs: 1, verbose: 0) }, { _ = try model.evaluate(Self.x, y) }] {
            let error = #expect(throws: DendriteError.self) { try call() }
            #expect(error?.kind == .invalidArgument && error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
    }
}
