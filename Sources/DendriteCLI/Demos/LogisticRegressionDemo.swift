import Dendrite
import DendriteCourse

/// Logistic regression from scratch: sigmoid(w·x + b) trained by plain gradient descent on the
/// standardised breast-cancer data, printing the cost as it falls.
enum LogisticRegressionDemo {
    static func run() throws {
        let (train, test) = try Datasets.breastCancer().split(testFraction: 0.2, seed: 42)
        let scaler = try StandardScaler().fit(train.features)
        var model = LogisticRegression(inputCount: 30)
        let costs = try model.fit(scaler.transform(train.features), train.labels, learningRate: 0.1, epochs: 500)
        for epoch in [0, 10, 50, 100, 250, 499] { print("epoch \(epoch): cost \(costs[epoch])") }
        let predictions = try model.predict(scaler.transform(test.features))
        print("Test accuracy: \(try Metrics.accuracy(predictions: predictions, targets: test.labels))")
    }
}
