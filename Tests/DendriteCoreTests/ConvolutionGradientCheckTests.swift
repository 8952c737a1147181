import DendriteTestSupport
import Testing
@testable import DendriteCore

/// Central finite differences agree with the analytic gradients of the window and normalisation ops
/// on small shapes, including the awkward cases (same padding with strides, dilation, odd sizes).
@Suite struct ConvolutionGradientCheckTests {
    private func random(_ shape: [Int], seed: UInt64) -> Tensor { Tensor.randomUniform(shape, low: -1, high: 1, seed: seed) }

    @Test(arguments: [(Padding.valid, 1, 1), (.same, 2, 1), (.same, 1, 2), (.valid, 2, 2)])
    func conv2dGradients(padding: Padding, stride: Int, dilation: Int) {
        expectGradientsMatchFiniteDifferences(
            [random([2, 5, 6, 2], seed: 1), random([3, 2, 2, 3], seed: 2), random([3], seed: 3)]) { x in
            conv2d(x[0], x[1], bias: x[2], strides: (stride, stride), padding: padding, dilation: (dilation, dilation))
        }
    }

    @Test func conv1dGradients() {
        expectGradientsMatchFiniteDifferences([random([2, 7, 2], seed: 4), random([3, 2, 2], seed: 5)]) { x in
            conv1d(x[0], x[1], stride: 2, padding: .same)
        }
    }

    @Test(arguments: [Padding.valid, .same])
    func poolingGradients(padding: Padding) {
        let x = random([2, 5, 5, 2], seed: 6)
        expectGradientsMatchFiniteDifferences([x], step: 1e-3) { maxPool2d($0[0], poolSize: (2, 2), padding: padding) }
        expectGradientsMatchFiniteDifferences([x]) { avgPool2d($0[0], poolSize: (3, 3), strides: (2, 2), padding: padding) }
    }

    @Test func batchNormalizationGradients() {
        let inputs = [random([4, 3, 2], seed: 7) * 2 + 0.5, random([2], seed: 8) + 1.5, random([2], seed: 9)]
        expectGradientsMatchFiniteDifferences(inputs, step: 1e-2, tolerance: 1e-2) { x in
            batchNormalization(training: x[0], scale: x[1], offset: x[2], epsilon: 1e-3).output
        }
        expectGradientsMatchFiniteDifferences(inputs) { x in
            batchNormalization(x[0], mean: Tensor([0.2, -0.1]), variance: Tensor([0.5, 2]), scale: x[1], offset: x[2],
                               epsilon: 1e-3)
        }
    }

    /// Same values and the same gradients as the unfused pair (finite differences would straddle ReLU's kink).
    @Test func fusedReluEqualsConvolutionThenRelu() {
        let upstream = random([2, 5, 5, 3], seed: 16)
        func run(fused: Bool) -> (Tensor, [Tensor?]) {
            var leaves = [random([2, 5, 5, 2], seed: 13), random([3, 3, 2, 3], seed: 14), random([3], seed: 15)]
            for index in leaves.indices { leaves[index].requiresGradient = true }
            let y = fused
                ? conv2d(leaves[0], leaves[1], bias: leaves[2], strides: (1, 1), padding: .same, dilation: (1, 1), relu: true)
                : conv2d(leaves[0], leaves[1], bias: leaves[2], padding: .same).relu()
            y.backward(gradient: upstream)
            return (y.detached(), leaves.map(\.gradient))
        }
        let (fused, unfused) = (run(fused: true), run(fused: false))
        #expect(fused.0 == unfused.0)
        #expect(fused.1 == unfused.1)
    }

    @Test func zeroPaddingGradient() {
        expectGradientsMatchFiniteDifferences([random([2, 3, 2], seed: 10)]) { $0[0].zeroPadded([(0, 1), (2, 0), (1, 1)]) }
    }

    @Test func zeroPaddingPlacesValuesInside() {
        let padded = Tensor([[1, 2], [3, 4]]).zeroPadded([(1, 0), (0, 1)])
        #expect(padded == Tensor([[0, 0, 0], [1, 2, 0], [3, 4, 0]]))
    }

    @Test func sameWindowGeometryMatchesKeras() {
        // 28 → ⌈28/2⌉ = 14, total padding (14 − 1)·2 + 3 − 28 = 1: none before, one after.
        let axis = WindowAxis(input: 28, window: 3, stride: 2, padding: .same)
        #expect((axis.output, axis.paddingBefore) == (14, 0))
        let dilated = WindowAxis(input: 7, window: 3, stride: 1, dilation: 2, padding: .same)
        #expect((dilated.span, dilated.output, dilated.paddingBefore) == (5, 7, 2))
        #expect(WindowAxis(input: 2, window: 3, stride: 1, padding: .valid).output == 0)
    }

    @Test func multiThreadedConvolutionEqualsSingleThreaded() {
        let x = random([16, 12, 12, 3], seed: 11), k = random([3, 3, 3, 8], seed: 12)
        let parallel = conv2d(x, k, padding: .same)
        let pooled = maxPool2d(parallel, poolSize: (2, 2))
        let previous = ComputeThreads.maximum
        ComputeThreads.maximum = 1
        defer { ComputeThreads.maximum = previous }
        #expect(conv2d(x, k, padding: .same) == parallel)
        #expect(maxPool2d(parallel, poolSize: (2, 2)) == pooled)
    }
}
