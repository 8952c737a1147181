import CDendriteKernels
import Foundation
import Testing

@testable import DendriteCore

/// `Tensor.affineChain` must give the values of the layers applied one by one, bit for bit, whichever
/// way it runs: serially, or with every thread taking column parts of every large layer.
@Suite struct AffineChainTests {
    /// Layers large enough to be cut between threads (at one row, the first two), with widths that are
    /// not multiples of the register tile, every fused activation, a layer without bias and a softmax.
    static func steps(seed: UInt64) -> [AffineStep] {
        let sizes = [(300, 170), (170, 150), (150, 33), (33, 21), (21, 9)]
        let activations: [AffineStep.Activation] = [.fused(.relu), .fused(.tanh), .fused(.sigmoid), .fused(.identity), .softmax]
        return zip(sizes, activations).enumerated().map { index, layer in
            let ((k, n), activation) = layer
            let weight = Tensor.randomNormal([k, n], seed: seed + UInt64(index)) * 0.2
            return AffineStep(weight: weight, bias: index == 2 ? nil : Tensor.randomNormal([n], seed: seed + 50 + UInt64(index)),
                              activation: activation)
        }
    }

    static func layered(_ x: Tensor, _ steps: [AffineStep]) -> Tensor {
        steps.reduce(x) { input, step in
            switch step.activation {
            case .fused(let activation): Tensor.affine(input, step.weight, step.bias, activation: activation)
            case .softmax: Tensor.affine(input, step.weight, step.bias).softmax(alongAxis: -1)
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 40])
    func chainEqualsTheLayers(rows: Int) {
        let steps = Self.steps(seed: 11)
        let x = Tensor.randomNormal([rows, 300], seed: 12)
        let chained = Tensor.affineChain(x, steps)
        #expect(chained.shape == [rows, 9])
        #expect(chained.scalars.map(\.bitPattern) == Self.layered(x, steps).scalars.map(\.bitPattern))
    }

    /// The shared chain on real threads that start at different moments, including more threads than
    /// a layer has parts: every part is computed once and the values are those of the layers.
    @Test(arguments: [2, 3, 5])
    func sharedChainOnThreadsEqualsTheLayers(threads: Int) throws {
        let steps = Self.steps(seed: 21)
        for rows in 1...Tensor.sharedChainMaximumRows {
            let x = Tensor.randomNormal([rows, 300], seed: 22 + UInt64(rows))
            let expected = Self.layered(x, steps).scalars.map(\.bitPattern)
            for repeat_ in 0..<20 {
                let output = try #require(Tensor.sharedChain(x.storage, rows: rows, steps, threads: threads) { chain, count in
                    #expect(count == Swift.min(threads, 11))
                    let group = DispatchGroup()
                    let chainAddress = UInt(bitPattern: chain)
                    for thread in 1..<Swift.max(count, 1) {
                        group.enter()
                        Thread.detachNewThread {
                            if (thread + repeat_) % 3 == 0 { usleep(50) }
                            dendrite_chain_run(UnsafePointer(bitPattern: chainAddress), Int32(thread))
                            group.leave()
                        }
                    }
                    dendrite_chain_run(chain, 0)
                    group.wait()
                })
                #expect(Array(UnsafeBufferPointer(start: output.pointer, count: rows * 9)).map(\.bitPattern) == expected)
            }
        }
    }

    @Test func sharedChainDeclinesWhatItCannotCut() {
        let small = [AffineStep(weight: Tensor.ones([8, 8]), bias: nil, activation: .fused(.relu))]
        #expect(Tensor.sharedChain(Tensor.ones([1, 8]).storage, rows: 1, small, threads: 2) { _, _ in } == nil)
        var earlySoftmax = Self.steps(seed: 1)
        earlySoftmax[0] = AffineStep(weight: earlySoftmax[0].weight, bias: nil, activation: .softmax)
        #expect(Tensor.sharedChain(Tensor.ones([1, 300]).storage, rows: 1, earlySoftmax, threads: 2) { _, _ in } == nil)
    }
}
