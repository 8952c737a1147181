import Dendrite

/// Handwritten digits (8×8 images), 64-64-10 softmax, Adam, 100 epochs.
enum DigitsDemo {
    static func run(seed: UInt64) throws {
        let (train, test) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        let model = Sequential(seed: seed) {
            Dense(64, activation: .relu, inputShape: [64])
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        model.summary()
        try model.fit(train.features / 16, train.labels, epochs: 100, batchSize: 32, verbose: 2)
        let predictions = try model.predict(test.features / 16)
        print(try ConfusionMatrix(predictions: predictions, targets: test.labels))
        let result = try model.evaluate(test.features / 16, test.labels)
        print("Test accuracy: \(result["accuracy"] ?? 0)")
    }
}
