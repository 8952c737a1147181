import Dendrite
import Foundation

/// The course's binary classifier: breast cancer, standardised, 30-16-8-1, Adam, 50 epochs.
enum BreastCancerDemo {
    static func run(seed: UInt64) throws {
        let (train, test) = try Datasets.breastCancer().split(testFraction: 0.2, seed: 42)
        let scaler = try StandardScaler().fit(train.features)
        let model = Sequential(seed: seed) {
            Dense(16, activation: .relu, inputShape: [30])
            Dense(8, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .binaryCrossentropy, metrics: [.accuracy])
        model.summary()
        let started = Date()
        try model.fit(scaler.transform(train.features), train.labels, epochs: 50, batchSize: 32,
                      validationData: (scaler.transform(test.features), test.labels))
        let seconds = Date().timeIntervalSince(started)
        let result = try model.evaluate(scaler.transform(test.features), test.labels)
        let predictions = try model.predict(scaler.transform(test.features))
        print(try ClassificationReport(predictions: predictions, targets: test.labels, classNames: train.classNames))
        print(String(format: "Test accuracy: %.4f (loss %.4f) after %.2f s of training",
                     result["accuracy"] ?? 0, result["loss"] ?? 0, seconds))
    }
}
