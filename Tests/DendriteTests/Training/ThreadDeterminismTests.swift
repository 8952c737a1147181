import Testing
@testable import Dendrite

/// The same seed gives bit-identical training on 1 and on 2 threads: work is split only over output
/// rows and columns, never over a sum, so every number is computed in the same order.
@Suite(.serialized) struct ThreadDeterminismTests {
    func trainedWeights(threads: Int) throws -> [Tensor] {
        let saved = ComputeThreads.maximum
        ComputeThreads.maximum = threads
        defer { ComputeThreads.maximum = saved }
        // 128 × 256 × 256 products: well above the size at which the GEMM splits across threads.
        let x = Tensor.randomNormal([256, 256], seed: 1)
        let y = Tensor(shape: [256], scalars: (0..<256).map { Float($0 % 10) })
        let model = Sequential(seed: 5) {
            Dense(256, activation: .relu, inputShape: [256])
            Dense(256, activation: .tanh)
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        try model.fit(x, y, epochs: 1, batchSize: 128, verbose: 0)
        return model.weights
    }

    @Test func oneAndTwoThreadsGiveBitIdenticalWeights() throws {
        let single = try trainedWeights(threads: 1)
        let double = try trainedWeights(threads: 2)
        #expect(single == double)
        #expect(128 * 256 * 256 > Gemm.parallelThreshold, "the products must be large enough to be split")
    }
}
