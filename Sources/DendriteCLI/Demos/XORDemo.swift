import Dendrite

/// XOR with the textbook 2-2-1 sigmoid network, mean squared error and plain gradient descent.
enum XORDemo {
    static func run(seed: UInt64) throws {
        let data = LogicGate.xor.dataset
        let model = Sequential(seed: seed == 0 ? 3 : seed) {
            Dense(2, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1), inputShape: [2])
            Dense(1, activation: .sigmoid, kernelInitializer: .randomUniform(low: -1, high: 1))
        }
        model.compile(optimizer: SGD(learningRate: 4), loss: .meanSquaredError)
        let history = try model.fit(data.features, data.labels, epochs: 5000, batchSize: 4, shuffle: false, verbose: 0)
        for epoch in [0, 100, 1000, 4999] { print("epoch \(epoch): loss \(history["loss"]![epoch])") }
        for (row, output) in try model.predict(data.features).scalars.enumerated() {
            print("XOR\(data.features[row..<(row + 1)].scalars.map { Int($0) }) → \(output)")
        }
    }
}
