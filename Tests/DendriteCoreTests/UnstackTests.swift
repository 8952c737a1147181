import Testing
@testable import DendriteCore
import DendriteTestSupport

@Suite struct UnstackTests {
    let x = Tensor(shape: [2, 3, 2], scalars: (0..<12).map(Float.init))

    @Test func slicesAlongEachAxisAndStacksBack() {
        let middle = x.unstacked(alongAxis: 1)
        #expect(middle.count == 3)
        #expect(middle[1] == Tensor([[2, 3], [8, 9]]))
        #expect(Tensor.stack(middle, alongAxis: 1) == x)
        #expect(x.unstacked(alongAxis: 0)[1] == Tensor([[6, 7], [8, 9], [10, 11]]))
        #expect(x.unstacked(alongAxis: -1)[0] == Tensor([[0, 2, 4], [6, 8, 10]]))
    }

    @Test func gradientCollectsEverySliceOnce() {
        var leaf = x
        leaf.requiresGradient = true
        let slices = leaf.unstacked(alongAxis: 1)
        // Slice 0 used twice, slice 2 not at all: its gradient stays zero.
        let loss = (slices[0] * 2 + slices[0] + slices[1] * Tensor([[10, 20], [30, 40]])).sum()
        loss.backward()
        #expect(leaf.gradient == Tensor(shape: [2, 3, 2], scalars: [3, 3, 10, 20, 0, 0, 3, 3, 30, 40, 0, 0]))
    }

    @Test func gradientMatchesFiniteDifferencesAndRetainedGraphRuns() {
        expectGradientsMatchFiniteDifferences([Tensor.randomNormal([2, 3, 4], seed: 5)]) { inputs in
            let slices = inputs[0].unstacked(alongAxis: 1)
            return slices[0].tanh() * slices[2] + slices[1].sigmoid()
        }
        var leaf = x
        leaf.requiresGradient = true
        let loss = leaf.unstacked(alongAxis: 2)[1].sum()
        loss.backward(retainGraph: true)
        loss.backward()
        #expect(leaf.gradient == Tensor(shape: [2, 3, 2], scalars: [0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2]))
    }
}
