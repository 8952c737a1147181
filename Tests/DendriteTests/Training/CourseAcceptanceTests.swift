import Testing
@testable import Dendrite

/// The end-to-end results the course promises, each on real data.
@Suite struct CourseAcceptanceTests {
    /// Issue protocol: test fraction 0.2, seed 42, standardised, 30-16-8-1, Adam 1e-3, batch 32,
    /// 50 epochs; the median test accuracy over 5 seeds must reach 0.96.
    @Test func breastCancerClassifierReaches96PercentMedianAccuracy() throws {
        let (train, test) = try Datasets.breastCancer().split(testFraction: 0.2, seed: 42)
        let scaler = try StandardScaler().fit(train.features)
        let (trainX, testX) = try (scaler.transform(train.features), scaler.transform(test.features))
        var accuracies: [Float] = []
        for seed in 0..<5 {
            let model = Sequential(seed: UInt64(seed)) {
                Dense(16, activation: .relu, inputShape: [30])
                Dense(8, activation: .relu)
                Dense(1, activation: .sigmoid)
            }
            model.compile(optimizer: Adam(learningRate: 1e-3), loss: .binaryCrossentropy, metrics: [.accuracy])
            let history = try model.fit(trainX, train.labels, epochs: 50, batchSize: 32,
                                        validationData: (testX, test.labels), verbose: 0)
            #expect(history["loss"]!.last! < history["loss"]!.first!)
            accuracies.append(try model.evaluate(testX, test.labels)["accuracy"]!)
        }
        let median = accuracies.sorted()[2]
        #expect(median >= 0.96, "accuracies \(accuracies)")
    }

    /// Digits (8×8, 10 classes), MLP 64-64-10 softmax, Adam, 100 epochs: test accuracy ≥ 0.96.
    @Test func digitsMLPReaches96PercentAccuracy() throws {
        let (train, test) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        let model = Sequential(seed: 0) {
            Dense(64, activation: .relu, inputShape: [64])
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        try model.fit(train.features / 16, train.labels, epochs: 100, batchSize: 32, verbose: 0)
        let accuracy = try model.evaluate(test.features / 16, test.labels)["accuracy"]!
        #expect(accuracy >= 0.96, "accuracy \(accuracy)")
    }

    @Test(arguments: 0..<5) func xorLearnedByReluNetwork(seed: UInt64) throws {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([[0], [1], [1], [0]])
        let model = Sequential(seed: seed) {
            Dense(8, activation: .relu, kernelInitializer: .heUniform, inputShape: [2])
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy, metrics: [.accuracy])
        try model.fit(x, y, epochs: 300, batchSize: 4, verbose: 0)
        let p = try model.predict(x).scalars
        #expect(p.map { $0 > 0.5 } == [false, true, true, false], "\(p)")
    }

    @Test func xorLearnedBySigmoidNetworkWithPlainGradientDescent() throws {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([[0], [1], [1], [0]])
        let model = Sequential(seed: 3) {
            Dense(2, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1), inputShape: [2])
            Dense(1, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1))
        }
        model.compile(optimizer: SGD(learningRate: 4), loss: .meanSquaredError)
        let history = try model.fit(x, y, epochs: 5000, batchSize: 4, shuffle: false, verbose: 0)
        #expect(history["loss"]!.last! < 0.01)
        #expect(try model.predict(x).scalars.map { $0 > 0.5 } == [false, true, true, false])
    }

    @Test func summaryMatchesKerasCounts() {
        let model = Sequential {
            Dense(16, activation: .relu, inputShape: [30])
            Dense(8, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        let text = model.summaryText()
        #expect(text.contains("dense (Dense)"))
        #expect(text.contains("dense_2 (Dense)"))
        #expect(text.contains("(None, 16)"))
        #expect(text.contains("│           496 │"))
        #expect(text.contains("Total params: 641 (2.50 KB)"))
    }
}
