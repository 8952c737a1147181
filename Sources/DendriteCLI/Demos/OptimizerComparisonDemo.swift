import Dendrite
import Foundation

/// The same network from the same initial weights, trained with each optimizer for 20 epochs.
enum OptimizerComparisonDemo {
    static func run(seed: UInt64) throws {
        let (train, test) = try Datasets.breastCancer().split(testFraction: 0.2, seed: 42)
        let scaler = try StandardScaler().fit(train.features)
        let (x, testX) = try (scaler.transform(train.features), scaler.transform(test.features))
        let optimizers: [(String, any Optimizer)] = [
            ("SGD", SGD(learningRate: 0.01)),
            ("SGD + momentum", SGD(learningRate: 0.01, momentum: 0.9)),
            ("SGD + Nesterov", SGD(learningRate: 0.01, momentum: 0.9, nesterov: true)),
            ("RMSprop", RMSprop()),
            ("Adam", Adam()),
            ("AdamW", AdamW()),
            ("AdaGrad", AdaGrad(learningRate: 0.01)),
        ]
        print("optimizer         loss after epochs 1, 5, 20        test accuracy")
        for (name, optimizer) in optimizers {
            let model = Sequential(seed: seed) {
                Dense(16, activation: .relu, inputShape: [30])
                Dense(8, activation: .relu)
                Dense(1, activation: .sigmoid)
            }
            model.compile(optimizer: optimizer, loss: .binaryCrossentropy, metrics: [.accuracy])
            let losses = try model.fit(x, train.labels, epochs: 20, batchSize: 32, verbose: 0)["loss"]!
            let accuracy = try model.evaluate(testX, test.labels)["accuracy"]!
            print(name.padding(toLength: 18, withPad: " ", startingAt: 0)
                  + String(format: "%.4f  %.4f  %.4f              %.4f", losses[0], losses[4], losses[19], accuracy))
        }
    }
}
