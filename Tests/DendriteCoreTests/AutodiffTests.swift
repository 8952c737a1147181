import Foundation
import DendriteTestSupport
import Testing
@testable import DendriteCore

@Suite struct AutodiffTests {
    @Test func gradientsAccumulateUntilZeroed() {
        var w = Tensor([1, 2, 3])
        w.requiresGradient = true
        (w * w).sum().backward()
        #expect(w.gradient?.scalars == [2, 4, 6])
        (w * 3).sum().backward()
        #expect(w.gradient?.scalars == [5, 7, 9])
        w.zeroGradient()
        #expect(w.gradient == nil)
    }

    @Test func reusedTensorGetsTheSumOfItsPaths() {
        var x = Tensor(3)
        x.requiresGradient = true
        let y = x * x + x.exp() + x
        y.backward()
        expectClose(x.gradient!, Tensor(2 * 3 + _exp(3) + 1))
    }

    @Test func noGradientScopeRecordsNothing() {
        var w = Tensor([1, 2])
        w.requiresGradient = true
        let y = GradientMode.disabled { w * 2 }
        #expect(!y.requiresGradient)
        #expect(GradientMode.isEnabled)
        let z = GradientMode.disabled { GradientMode.enabled { w * 2 } }
        #expect(z.requiresGradient)
    }

    @Test func detachedStopsTheGradient() {
        var x = Tensor([2])
        x.requiresGradient = true
        (x * x.detached()).sum().backward()
        #expect(x.gradient?.scalars == [2])
    }

    @Test func graphIsFreedAfterBackwardUnlessRetained() {
        var x = Tensor([1, 2])
        x.requiresGradient = true
        let y = (x * 2).exp().sum()
        weak let interior = y.node
        y.backward(retainGraph: true)
        #expect(interior?.pullback != nil)
        y.backward()
        #expect(x.gradient!.scalars == (x.detached() * 2).exp().scalars.map { 4 * $0 })
        #expect(interior?.pullback == nil && interior?.inputs.isEmpty == true)
    }

    @Test func intermediateNodesDieWithTheirOutputs() {
        var x = Tensor([1, 2])
        x.requiresGradient = true
        weak var node: GradNode?
        do {
            let y = (x.exp() * 3).sum()
            node = y.node
            y.backward()
        }
        #expect(node == nil)
    }

    @Test func longTrainingLoopDoesNotGrowMemory() {
        var w = Tensor.randomNormal([64, 64], seed: 1)
        w.requiresGradient = true
        let x = Tensor.randomNormal([32, 64], seed: 2)
        func step() {
            let loss = matmul(x, w).tanh().squared().mean()
            loss.backward()
            GradientMode.disabled {
                let update = w.gradient! * 0.01
                w.withMutableBuffer { buffer in
                    for (i, u) in update.scalars.enumerated() { buffer[i] -= u }
                }
            }
            w.zeroGradient()
        }
        for _ in 0..<50 { step() }
        // Tests running concurrently in this process can raise its resident size during one window;
        // a leak raises it in every window, so the smallest growth of three windows is checked. A graph
        // kept alive per step holds tens of kilobytes: well over the bound in every 1000-step window.
        let growths = (0..<3).map { _ in
            let before = residentBytes()
            for _ in 0..<1000 { step() }
            return residentBytes() - before
        }
        #expect(growths.min()! < 16 << 20, "resident memory grew by \(growths) bytes over three windows of 1000 steps")
    }

    @Test func xorNetworkLearnsWithPlainGradientDescent() {
        // The textbook 2-2-1 sigmoid network, mean squared error, full-batch gradient descent.
        let inputs = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
        let targets = Tensor([[0], [1], [1], [0]])
        var generator = RandomGenerator(seed: 3)
        var parameters = [
            Tensor.randomUniform([2, 2], low: -1, high: 1, using: &generator),
            Tensor.zeros([2]),
            Tensor.randomUniform([2, 1], low: -1, high: 1, using: &generator),
            Tensor.zeros([1]),
        ]
        for i in parameters.indices { parameters[i].requiresGradient = true }
        func forward() -> Tensor {
            let hidden = (matmul(inputs, parameters[0]) + parameters[1]).sigmoid()
            return (matmul(hidden, parameters[2]) + parameters[3]).sigmoid()
        }
        var loss: Float = 1
        for _ in 0..<5000 {
            let lossTensor = (forward() - targets).squared().mean()
            loss = lossTensor.scalar
            lossTensor.backward()
            for i in parameters.indices {
                let gradient = parameters[i].gradient!
                parameters[i].withMutableBuffer { buffer in
                    for (j, g) in gradient.scalars.enumerated() { buffer[j] -= 2 * g }
                }
                parameters[i].zeroGradient()
            }
        }
        let predictions = GradientMode.disabled { forward() }.scalars
        #expect(loss < 0.01, "final loss \(loss)")
        #expect(predictions.map { $0 > 0.5 } == [false, true, true, false], "\(predictions)")
    }
}

/// Resident set size of this process, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (Int(fields[1]) ?? 0) * 4096
}
