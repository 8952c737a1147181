import ArgumentParser
import Dendrite
import Foundation

/// `dendrite demo [name]`: the course examples, runnable with no arguments.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a course example (default: the breast-cancer classifier).",
        discussion: "Available demos: \(Demo.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @Argument(help: "The demo to run.")
    var name: Demo = .breastCancer

    @Option(help: "Random seed for weights and shuffling.")
    var seed: UInt64 = 0

    func run() throws {
        do {
            try name.run(seed: seed)
        } catch let error as DendriteError {
            throw ValidationError(error.message)
        }
    }
}

enum Demo: String, CaseIterable, ExpressibleByArgument {
    case breastCancer = "breast-cancer"
    case digits
    case xor

    func run(seed: UInt64) throws {
        switch self {
        case .breastCancer: try Demo.breastCancerClassifier(seed: seed)
        case .digits: try Demo.digitsClassifier(seed: seed)
        case .xor: try Demo.xorNetwork(seed: seed)
        }
    }

    /// The course's binary classifier: breast cancer, 30-16-8-1, Adam, early stopping.
    static func breastCancerClassifier(seed: UInt64) throws {
        let (train, test) = try Datasets.breastCancer().split(testFraction: 0.2, seed: 42)
        let scaler = StandardScaler().fit(train.features)
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
        print(String(format: "Test accuracy: %.4f (loss %.4f) after %.2f s of training",
                     result["accuracy"] ?? 0, result["loss"] ?? 0, seconds))
    }

    /// Handwritten digits, 64-64-10 softmax.
    static func digitsClassifier(seed: UInt64) throws {
        let (train, test) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        let model = Sequential(seed: seed) {
            Dense(64, activation: .relu, inputShape: [64])
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        model.summary()
        try model.fit(train.features / 16, train.labels, epochs: 100, batchSize: 32, verbose: 2)
        let result = try model.evaluate(test.features / 16, test.labels)
        print(String(format: "Test accuracy: %.4f", result["accuracy"] ?? 0))
    }

    /// XOR with the textbook 2-2-1 sigmoid network and plain gradient descent.
    static func xorNetwork(seed: UInt64) throws {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([[0], [1], [1], [0]])
        let model = Sequential(seed: seed == 0 ? 3 : seed) {
            Dense(2, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1), inputShape: [2])
            Dense(1, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1))
        }
        model.compile(optimizer: SGD(learningRate: 4), loss: .meanSquaredError)
        let history = try model.fit(x, y, epochs: 5000, batchSize: 4, shuffle: false, verbose: 0)
        print(String(format: "Final loss after 5000 epochs: %.5f", history["loss"]?.last ?? 0))
        for (input, output) in zip([[0, 0], [0, 1], [1, 0], [1, 1]], try model.predict(x).scalars) {
            print("XOR\(input) → \(String(format: "%.3f", output))")
        }
    }
}
