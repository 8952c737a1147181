import Testing
@testable import DendriteCore

@Suite struct OrthogonalInitializerTests {
    /// Largest |entry − identity| of `a·aᵀ`.
    func distanceFromIdentity(_ a: Tensor) -> Float {
        let product = matmul(a, a.transposed())
        return (product - Tensor.identity(product.shape[0])).abs().max().scalar
    }

    @Test func wideMatricesHaveOrthonormalRowsAndTallOnesOrthonormalColumns() throws {
        var generator = RandomGenerator(seed: 3)
        let recurrent = try Initializer.orthogonal.make([16, 64], using: &generator)   // LSTM(16)'s [units, 4·units]
        #expect(distanceFromIdentity(recurrent) < 1e-5)
        let tall = try Initializer.orthogonal(gain: 2).make([40, 8], using: &generator)
        #expect(distanceFromIdentity(tall.transposed() / 2) < 1e-5)
        let square = try Initializer.orthogonal.make([32, 32], using: &generator)
        #expect(distanceFromIdentity(square) < 1e-5 && distanceFromIdentity(square.transposed()) < 1e-5)
    }

    /// Keras makes Q from the QR factorisation of a normal sample A with diag(R) made positive; that
    /// factor is unique, so QᵀA must be upper triangular with a positive diagonal.
    @Test func isTheSignCorrectedQFactorOfTheNormalSample() {
        var generator = RandomGenerator(seed: 11)
        let q = Tensor.randomOrthogonal([9, 4], using: &generator)
        var replay = RandomGenerator(seed: 11)
        let sample = Tensor.randomNormal([9, 4], using: &replay)
        let r = matmul(q.transposed(), sample)
        for i in 0..<4 {
            #expect(r[i, i] > 0)
            for j in 0..<i { #expect(Swift.abs(r[i, j]) < 1e-5, "R[\(i), \(j)] = \(r[i, j])") }
        }
        // Wide shapes are the transpose of the tall factor of the same sample.
        var wideGenerator = RandomGenerator(seed: 11)
        #expect(Tensor.randomOrthogonal([4, 9], using: &wideGenerator) == q.transposed())
    }
}
