import Dendrite
import Foundation

/// Overfitting made visible: a large network on 80 training samples. Validation loss falls, then
/// rises while training loss keeps falling; early stopping halts near the turn and restores the best weights.
enum EarlyStoppingDemo {
    static func run(seed: UInt64) throws {
        let (pool, test) = try Datasets.breastCancer().split(testFraction: 0.3, seed: 42)
        let train = pool.subset(Array(0..<80))
        let scaler = try StandardScaler().fit(train.features)
        let (x, testX) = try (scaler.transform(train.features), scaler.transform(test.features))
        func makeModel() -> Sequential {
            let model = Sequential(seed: seed) {
                Dense(128, activation: .relu, inputShape: [30])
                Dense(128, activation: .relu)
                Dense(1, activation: .sigmoid)
            }
            model.compile(optimizer: Adam(learningRate: 0.003), loss: .binaryCrossentropy, metrics: [.accuracy])
            return model
        }
        let free = makeModel()
        let history = try free.fit(x, train.labels, epochs: 150, batchSize: 16, validationData: (testX, test.labels), verbose: 0)
        print("Without early stopping:")
        for epoch in [0, 10, 25, 50, 100, 149] {
            print(String(format: "  epoch %3d  loss %.4f  val_loss %.4f", epoch, history["loss"]![epoch], history["val_loss"]![epoch]))
        }
        let best = history["val_loss"]!.enumerated().min { $0.element < $1.element }!
        print(String(format: "  lowest val_loss %.4f at epoch %d; final val_loss %.4f", best.element, best.offset,
                     history["val_loss"]!.last!))
        let stopper = EarlyStopping(monitor: "val_loss", patience: 10, restoreBestWeights: true)
        let stopped = makeModel()
        try stopped.fit(x, train.labels, epochs: 150, batchSize: 16, validationData: (testX, test.labels),
                        callbacks: [stopper], verbose: 0)
        let result = try stopped.evaluate(testX, test.labels)
        print("With EarlyStopping(patience: 10, restoreBestWeights: true):")
        print(String(format: "  stopped at epoch %d, best epoch %d, restored val_loss %.4f, val accuracy %.4f",
                     stopper.stoppedEpoch ?? 149, stopper.bestEpoch ?? 0, result["loss"]!, result["accuracy"]!))
    }
}
