import DendriteTestSupport
import Testing
@testable import DendriteCore

@Suite struct ShapeOperationTests {
    let matrix = Tensor([[1, 2, 3], [4, 5, 6]])

    @Test func reshapeInfersOneAxis() {
        #expect(matrix.reshaped([3, -1]).shape == [3, 2])
        #expect(matrix.reshaped([6]).scalars == [1, 2, 3, 4, 5, 6])
        #expect(matrix.expandingDimensions(at: 0).shape == [1, 2, 3])
        #expect(matrix.expandingDimensions(at: -1).shape == [2, 3, 1])
        #expect(matrix.reshaped([1, 2, 1, 3]).squeezed().shape == [2, 3])
    }

    @Test func transposeAndPermute() {
        #expect(matrix.transposed().scalars == [1, 4, 2, 5, 3, 6])
        let cube = Tensor.arange(0, 24).reshaped([2, 3, 4])
        let permuted = cube.permuted([2, 0, 1])
        #expect(permuted.shape == [4, 2, 3])
        #expect(permuted[3, 1, 2] == cube[1, 2, 3])
    }

    @Test func slicingGatheringConcatenatingStacking() {
        #expect(matrix[1..<2].scalars == [4, 5, 6])
        #expect(matrix.slice(alongAxis: 1, 1..<3).scalars == [2, 3, 5, 6])
        #expect(matrix.gathering([1, 0, 1]).scalars == [4, 5, 6, 1, 2, 3, 4, 5, 6])
        #expect(matrix.gathering([2, 0], alongAxis: 1).scalars == [3, 1, 6, 4])
        #expect(Tensor.concatenate([matrix, matrix], alongAxis: 1).shape == [2, 6])
        #expect(Tensor.concatenate([matrix, matrix[0..<1]]).scalars == [1, 2, 3, 4, 5, 6, 1, 2, 3])
        let stacked = Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1)
        #expect(stacked.shape == [2, 2] && stacked.scalars == [1, 3, 2, 4])
    }

    @Test func largeGathersCopyTheSameRowsOnEveryThread() {
        // 300 rows of 784: above the size from which the copy is split between threads.
        let rows = Tensor.randomNormal([300, 784], seed: 9)
        let order = (0..<300).map { ($0 * 7 + 3) % 300 } + [5, 5]
        let gathered = rows.gathering(order)
        #expect(gathered.shape == [302, 784])
        let expected = order.flatMap { rows.scalars[($0 * 784)..<(($0 + 1) * 784)] }
        #expect(gathered.scalars == expected)
        let columns = rows.gathering([783, 0, 1], alongAxis: 1) // several rows of the outer axis
        #expect(columns[299, 0] == rows[299, 783] && columns[7, 2] == rows[7, 1])
    }

    @Test func broadcastingFollowsNumPyRules() {
        let row = Tensor([10, 20, 30])
        #expect((matrix + row).scalars == [11, 22, 33, 14, 25, 36])
        let column = Tensor([[100], [200]])
        #expect((matrix + column).scalars == [101, 102, 103, 204, 205, 206])
        #expect((column + row).shape == [2, 3])
        #expect((Tensor(1) + matrix).scalars == [2, 3, 4, 5, 6, 7])
        #expect((matrix * 2).scalars == [2, 4, 6, 8, 10, 12])
        let cube = Tensor.ones([2, 1, 3])
        #expect((cube + column).shape == [2, 2, 3])
        #expect(matrix.broadcast(to: [4, 2, 3]).sum().scalar == 84)
        #expect(Tensor.zeros([0, 3]).sum(alongAxis: 0).scalars == [0, 0, 0])
    }

    @Test func reductionsAlongAxes() {
        #expect(matrix.sum().scalar == 21)
        #expect(matrix.sum(alongAxis: 0).scalars == [5, 7, 9])
        #expect(matrix.sum(alongAxis: 1, keepingDimensions: true).shape == [2, 1])
        #expect(matrix.mean(alongAxis: -1).scalars == [2, 5])
        #expect(matrix.max(alongAxes: [1]).scalars == [3, 6])
        #expect(matrix.min().scalar == 1)
        #expect(Tensor([[1, 9, 3], [7, 2, 7]]).argmax().scalars == [1, 0])
        #expect(Tensor([[1, 9, 3], [7, 2, 7]]).argmin(alongAxis: 0).scalars == [0, 1, 0])
        #expect(Tensor([1, 2, 3, 4]).variance().scalar == 1.25)
        #expect(Tensor([1, 2, 3, 4]).variance(correction: 1).scalar == Float(5) / 3)
        expectClose(Tensor([1000, 1000]).logSumExp(), Tensor(1000 + _log(Float(2))))
    }

    @Test func softmaxIsStableAndNormalised() {
        let logits = Tensor([[1000, 1001, 1002], [-5, 0, 5]])
        let probabilities = logits.softmax()
        #expect(probabilities.scalars.allSatisfy { $0.isFinite })
        expectClose(probabilities.sum(alongAxis: 1), Tensor([1, 1]))
        expectClose(logits.logSoftmax().exp(), probabilities, relative: 1e-6)
    }

    @Test func lastAxisSoftmaxEqualsTheComposedFormBitForBit() {
        var logits = Tensor.randomNormal([7, 13], seed: 3) * 20
        logits[2, 5] = .nan // a NaN row stays NaN
        logits[4, 0] = -.infinity // and -inf gets probability 0
        let fast = logits.softmax() // rows: the single-pass kernel
        let composed = logits.transposed().softmax(alongAxis: 0).transposed() // columns: the composed ops
        #expect(fast.scalars.map(\.bitPattern) == composed.scalars.map(\.bitPattern))
        #expect(fast.slice(alongAxis: 0, 2..<3).scalars.allSatisfy(\.isNaN) && fast[4, 0] == 0)
        expectGradientsMatchFiniteDifferences([Tensor.randomNormal([3, 5], seed: 4)]) { $0[0].softmax() }
    }

    @Test func comparisonsMakeMasksAndSelectPicks() {
        let x = Tensor([-1, 0, 2])
        #expect((x .> 0).scalars == [0, 0, 1])
        #expect((x .<= 0).scalars == [1, 1, 0])
        #expect((x .== Tensor([-1, 1, 2])).scalars == [1, 0, 1])
        #expect(Tensor.select(x .> 0, x, Tensor(0)).scalars == [0, 0, 2])
        #expect(maximum(x, Tensor(0.5)).scalars == [0.5, 0.5, 2])
        #expect(minimum(x, Tensor([0, 0, 0])).scalars == [-1, 0, 0])
    }

    @Test func matrixProducts() {
        let a = Tensor([[1, 2], [3, 4], [5, 6]])
        let b = Tensor([[1, 0, 2], [0, 1, 3]])
        #expect(matmul(a, b).scalars == [1, 2, 8, 3, 4, 18, 5, 6, 28])
        let batched = Tensor.stack([a, a * 2])
        let products = matmul(batched, Tensor.stack([b, b]))
        #expect(products.shape == [2, 3, 3])
        #expect(products[1, 2, 2] == 56)
        #expect(matmul(batched, b).shape == [2, 3, 3])
    }
}
