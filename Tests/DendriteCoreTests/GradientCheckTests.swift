import DendriteTestSupport
import Testing
@testable import DendriteCore

/// Central-difference checks of every differentiable operation's backward pass.
@Suite struct GradientCheckTests {
    let a = Tensor.randomUniform([2, 3], low: -1, high: 1, seed: 1)
    let b = Tensor.randomUniform([2, 3], low: -1, high: 1, seed: 2)
    let row = Tensor.randomUniform([3], low: 0.5, high: 1.5, seed: 3)
    let column = Tensor.randomUniform([2, 1], low: 0.5, high: 1.5, seed: 4)
    let positive = Tensor.randomUniform([2, 3], low: 0.5, high: 2, seed: 5)
    let cube = Tensor.randomUniform([2, 3, 4], low: -1, high: 1, seed: 6)
    /// Distinct values at least 0.1 apart, so max/min have no near-ties for the differences to cross.
    var separated: Tensor {
        var generator = RandomGenerator(seed: 9)
        return Tensor(shape: [2, 3, 4], scalars: generator.permutation(24).map { Float($0) / 10 - 1 })
    }

    @Test func arithmeticWithBroadcasting() {
        expectGradientsMatchFiniteDifferences([a, b]) { $0[0] + $0[1] }
        expectGradientsMatchFiniteDifferences([a, row]) { $0[0] - $0[1] }
        expectGradientsMatchFiniteDifferences([a, column]) { $0[0] * $0[1] }
        expectGradientsMatchFiniteDifferences([a, row]) { $0[0] / $0[1] }
        expectGradientsMatchFiniteDifferences([column, row]) { $0[0] * $0[1] }
        expectGradientsMatchFiniteDifferences([cube, column.reshaped([2, 1, 1])]) { $0[0] / ($0[1] + 1) }
        expectGradientsMatchFiniteDifferences([a, Tensor(0.7)]) { $0[0] * $0[1] - $0[1] }
        expectGradientsMatchFiniteDifferences([a]) { -$0[0] * 3 + 1 }
        expectGradientsMatchFiniteDifferences([a, b]) { maximum($0[0], $0[1]) }
        expectGradientsMatchFiniteDifferences([a, row]) { minimum($0[0], $0[1]) }
    }

    @Test func elementwiseFunctions() {
        expectGradientsMatchFiniteDifferences([a]) { $0[0].exp() }
        expectGradientsMatchFiniteDifferences([positive]) { $0[0].log() }
        expectGradientsMatchFiniteDifferences([positive]) { $0[0].sqrt() }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].squared() }
        expectGradientsMatchFiniteDifferences([positive]) { $0[0].pow(2.5) }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].abs() }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].clamped(to: -0.5, 0.5) }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].sigmoid() }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].tanh() }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].relu() }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].sign() * $0[0] }
    }

    @Test func reductions() {
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].sum() }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].sum(alongAxes: [0, 2]) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].mean(alongAxis: 1, keepingDimensions: true) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].variance(alongAxes: [2]) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].variance(correction: 1) }
        expectGradientsMatchFiniteDifferences([separated]) { $0[0].max(alongAxes: [1]) }
        expectGradientsMatchFiniteDifferences([separated]) { $0[0].min() }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].logSumExp(alongAxes: [2]) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].softmax(alongAxis: 1) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].logSoftmax() }
    }

    @Test func movementAndIndexing() {
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].reshaped([4, -1]) * Tensor.arange(0, 6) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].permuted([2, 0, 1]) }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].transposed() }
        expectGradientsMatchFiniteDifferences([column]) { $0[0].broadcast(to: [4, 2, 3]) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].slice(alongAxis: 2, 1..<3) }
        expectGradientsMatchFiniteDifferences([cube]) { $0[0].gathering([2, 0, 2], alongAxis: 1) }
        expectGradientsMatchFiniteDifferences([a, b]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }
        expectGradientsMatchFiniteDifferences([a, b]) { Tensor.stack([$0[0], $0[1]], alongAxis: 2) }
        expectGradientsMatchFiniteDifferences([a, b]) { Tensor.select($0[0] .> 0, $0[0], $0[1]) }
        expectGradientsMatchFiniteDifferences([a]) { $0[0].expandingDimensions(at: 1).squeezed(axis: 1) }
    }

    @Test func matrixProducts() {
        let m = Tensor.randomUniform([3, 4], low: -1, high: 1, seed: 7)
        expectGradientsMatchFiniteDifferences([a, m.slice(alongAxis: 0, 0..<3)]) { matmul($0[0], $0[1]) }
        expectGradientsMatchFiniteDifferences([cube, m.transposed()]) { matmul($0[0], $0[1]) }
        let other = Tensor.randomUniform([2, 4, 2], low: -1, high: 1, seed: 8)
        expectGradientsMatchFiniteDifferences([cube, other]) { matmul($0[0], $0[1]) }
    }
}

@Suite struct AffineTests {
    let x = Tensor.randomUniform([3, 4], low: -1, high: 1, seed: 11)
    let w = Tensor.randomUniform([4, 5], low: -1, high: 1, seed: 12)
    let b = Tensor.randomUniform([5], low: -0.5, high: 0.5, seed: 13)

    @Test(arguments: [FusedActivation.identity, .relu, .sigmoid, .tanh])
    func equalsTheUnfusedOperations(_ activation: FusedActivation) {
        let unfused = matmul(x, w) + b
        let expected: Tensor = switch activation {
        case .identity: unfused
        case .relu: unfused.relu()
        case .sigmoid: unfused.sigmoid()
        case .tanh: unfused.tanh()
        }
        expectClose(Tensor.affine(x, w, b, activation: activation), expected, relative: 1e-6)
        expectGradientsMatchFiniteDifferences([x, w, b]) { Tensor.affine($0[0], $0[1], $0[2], activation: activation) }
    }

    @Test func worksWithoutBiasAndOnHigherRanks() {
        let cube = Tensor.randomUniform([2, 3, 4], low: -1, high: 1, seed: 14)
        expectClose(Tensor.affine(cube, w, nil), matmul(cube, w), relative: 1e-6)
        expectGradientsMatchFiniteDifferences([cube, w]) { Tensor.affine($0[0], $0[1], nil, activation: .tanh) }
    }
}
