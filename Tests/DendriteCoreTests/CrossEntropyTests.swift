import Testing
@testable import DendriteCore

@Suite struct CrossEntropyTests {
    /// The row-wise kernels of the sparse softmax cross-entropy give exactly the values of the
    /// composed operations they replace, forward and backward, extreme rows included.
    @Test func sparseSoftmaxCrossEntropyEqualsTheComposedFormBitForBit() {
        var z = Tensor.randomNormal([9, 10], seed: 21) * 30
        z[1, 3] = .nan                       // a NaN row
        z[2, 0] = -.infinity                 // a class that cannot occur
        for j in 0..<10 { z[3, j] = 1e30 }   // large equal logits
        let labels = [0, 3, 1, 9, 4, 5, 6, 7, 2]
        var logits = z
        logits.requiresGradient = true
        let loss = Tensor.sparseSoftmaxCrossEntropy(logits: logits, labels: labels)
        let upstream = Tensor.randomNormal([9], seed: 22)
        loss.backward(gradient: upstream)

        let lse = z.logSumExp(alongAxes: [1], keepingDimensions: true)
        let picked = Tensor(labels.enumerated().map { z[$0.offset, $0.element] })
        let expectedLoss = lse.reshaped([9]) - picked
        var expectedGradient = (z - lse).exp()
        for (row, label) in labels.enumerated() { expectedGradient[row, label] -= 1 }
        expectedGradient = expectedGradient * upstream.expandingDimensions(at: 1)

        #expect(loss.scalars.map(\.bitPattern) == expectedLoss.scalars.map(\.bitPattern))
        #expect(logits.gradient?.scalars.map(\.bitPattern) == expectedGradient.scalars.map(\.bitPattern))
    }
}
