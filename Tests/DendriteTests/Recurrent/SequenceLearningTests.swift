import Foundation
import DendriteTestSupport
import Testing
@testable import Dendrite

/// Recurrent models learn sequence tasks from seeded data, in seconds, and train with gradient clipping.
@Suite struct SequenceLearningTests {
    /// Windows of `sin(ω·t + φ)` with random phase φ and frequency ω ∈ [0.2, 0.5]: `[count, length, 1]`,
    /// and the value one step after each window, `[count, 1]`.
    static func sineWindows(count: Int, length: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        var x: [Float] = [], y: [Float] = []
        for _ in 0..<count {
            let phase = 2 * Float.pi * generator.nextUnitFloat()
            let frequency = 0.2 + 0.3 * generator.nextUnitFloat()
            let values = (0...length).map { sin(frequency * Float($0) + phase) }
            x += values.dropLast()
            y.append(values[length])
        }
        return (Tensor(shape: [count, length, 1], scalars: x), Tensor(shape: [count, 1], scalars: y))
    }

    @Test(arguments: ["lstm", "gru"])
    func predictsTheNextValueOfASineWave(_ kind: String) throws {
        let train = Self.sineWindows(count: 256, length: 10, seed: 1)
        let test = Self.sineWindows(count: 128, length: 10, seed: 2)
        let recurrent: any Layer = kind == "lstm" ? LSTM(12, inputShape: [10, 1]) : GRU(12, inputShape: [10, 1])
        let model = Sequential(seed: 3) {
            recurrent
            Dense(1)
        }
        model.compile(optimizer: Adam(learningRate: 0.02), loss: .meanSquaredError)
        let history = try model.fit(train.x, train.y, epochs: 12, batchSize: 32, verbose: 0)
        let mse = try #require(try model.evaluate(test.x, test.y)["loss"])
        print("\(kind) sine next value: train loss \(history["loss"]!.first!) → \(history["loss"]!.last!), test MSE \(mse)")
        #expect(mse < 0.01, "\(kind): test MSE \(mse)")
    }

    /// Two identical LSTM models take one SGD step (learning rate 1) on targets large enough for
    /// big gradients; with `clipped(norm: 1)` each weight's step is the unclipped one scaled to norm ≤ 1.
    @Test func clippingByNormLimitsEveryRecurrentWeightsStep() throws {
        let data = Self.sineWindows(count: 16, length: 6, seed: 4)
        let y = data.y * 50
        func model(_ optimizer: any Optimizer) -> Sequential {
            let model = Sequential(seed: 7) {
                LSTM(4, inputShape: [6, 1])
                Dense(1)
            }
            model.compile(optimizer: optimizer, loss: .meanSquaredError)
            return model
        }
        let plain = model(SGD(learningRate: 1)), clipped = model(SGD(learningRate: 1).clipped(norm: 1))
        try plain.build(inputShape: [6, 1])
        try clipped.build(inputShape: [6, 1])
        let start = plain.weights
        try plain.trainOnBatch(data.x, y)
        try clipped.trainOnBatch(data.x, y)
        var clippedCount = 0
        for index in start.indices {
            let full = plain.weights[index] - start[index], step = clipped.weights[index] - start[index]
            let norm = full.squared().sum().scalar.squareRoot()
            if norm > 1 { clippedCount += 1 }
            expectClose(step, full * Swift.min(1, 1 / norm), relative: 1e-4, absolute: 1e-6,
                        "step of \(clipped.parameters[index].name)")
        }
        #expect(clippedCount >= 3, "only \(clippedCount) gradients were large enough to clip")

        let adam = model(Adam(learningRate: 0.01).clipped(norm: 1))
        let history = try adam.fit(data.x, y, epochs: 5, batchSize: 8, verbose: 0)
        let losses = try #require(history["loss"])
        #expect(losses.allSatisfy(\.isFinite) && losses.last! < losses.first!)
    }
}
