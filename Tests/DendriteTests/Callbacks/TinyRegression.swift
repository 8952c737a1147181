import Dendrite

/// y = 2x + 1 on 32 points of [−1, 1], and a one-unit linear model for it: the smallest problem
/// the callback and learning-rate tests can train in milliseconds.
enum TinyRegression {
    static let inputs: [Float] = (0..<32).map { -1 + 2 * Float($0) / 31 }
    static let x = Tensor(inputs.map { [$0] })
    static let y = Tensor(inputs.map { [2 * $0 + 1] })

    static func model(seed: UInt64 = 0) -> Sequential {
        Sequential(seed: seed) { Dense(1, inputShape: [1]) }
    }

    static func compiledModel(learningRate: Float = 0.1) -> Sequential {
        let model = model()
        model.compile(optimizer: SGD(learningRate: learningRate), loss: .meanSquaredError)
        return model
    }
}
