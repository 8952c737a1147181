import DendriteTestSupport
import Testing
@testable import Dendrite

/// Central-difference checks of every loss with respect to the model output.
@Suite struct LossGradientCheckTests {
    static let values = Tensor([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]])
    static let oneHot = Tensor([[0, 1, 0], [1, 0, 0]])
    static let logits = Tensor([[1.5, -0.3, 0.2], [-1.1, 0.4, 2.0]])

    static let cases: [(String, Loss, Tensor, Tensor)] = [
        ("mse", .meanSquaredError, logits, Tensor([[1, 0, 0.5], [0, 2, 1]])),
        ("mae", .meanAbsoluteError, logits, Tensor([[1, 0, 0.5], [0, 2, 1]])),
        ("huber", .huber, logits, Tensor([[1, 0, 0.5], [0, 2, 1]])),
        ("huber δ 0.5", .huber(delta: 0.5), logits, Tensor([[1, 0, 0.5], [0, 2, 1]])),
        ("bce", .binaryCrossentropy, values, Tensor([[0, 1, 0], [1, 1, 0]])),
        ("bce logits", .binaryCrossentropy(fromLogits: true), logits, Tensor([[0, 1, 0], [1, 0.5, 0]])),
        ("cce", .categoricalCrossentropy, values, oneHot),
        ("cce logits", .categoricalCrossentropy(fromLogits: true), logits, oneHot),
        ("sparse cce", .sparseCategoricalCrossentropy, values, Tensor([1, 0])),
        ("sparse cce logits", .sparseCategoricalCrossentropy(fromLogits: true), logits, Tensor([2, 0])),
        ("bce smoothing", .binaryCrossentropy(labelSmoothing: 0.2), values, Tensor([[0, 1, 0], [1, 1, 0]])),
        ("bce logits smoothing", .binaryCrossentropy(fromLogits: true, labelSmoothing: 0.1), logits, Tensor([[0, 1, 0], [1, 0, 0]])),
        ("cce smoothing", .categoricalCrossentropy(labelSmoothing: 0.3), values, oneHot),
        ("cce logits smoothing", .categoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1), logits, oneHot),
        ("focal", .binaryFocalCrossentropy, values, Tensor([[0, 1, 0], [1, 1, 0]])),
        ("focal balanced", .binaryFocalCrossentropy(applyClassBalancing: true, alpha: 0.4, gamma: 1.5, labelSmoothing: 0.1),
         values, Tensor([[0, 1, 0], [1, 1, 0]])),
        ("focal logits", .binaryFocalCrossentropy(gamma: 3, fromLogits: true), logits, Tensor([[0, 1, 0], [1, 0.5, 0]])),
        ("kl divergence", .klDivergence, values, Tensor([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]])),
        ("hinge", .hinge, values, Tensor([[0, 1, 0], [1, 1, 0]])),
        ("squared hinge", .squaredHinge, logits, Tensor([[-1, 1, -1], [1, -1, 1]])),
        ("categorical hinge", .categoricalHinge, logits, oneHot),
        ("cosine similarity", .cosineSimilarity, logits, Tensor([[1, 0, 0.5], [0, 2, 1]])),
        ("log cosh", .logCosh, logits, Tensor([[1, 0, 0.5], [0, 2, 1]])),
        ("poisson", .poisson, values, Tensor([[0, 2, 1], [1, 0, 3]])),
    ]

    @Test(arguments: cases.map(\.0)) func gradientMatchesFiniteDifferences(_ name: String) throws {
        let (_, loss, output, targets) = try #require(Self.cases.first { $0.0 == name })
        expectGradientsMatchFiniteDifferences([output], step: 1e-3) { loss($0[0], targets) }
    }

    @Test func fusedSigmoidCrossEntropyEqualsTheClippedFormAwayFromSaturation() {
        let z = Tensor([[-2, 0.5, 3]]), y = Tensor([[0, 1, 1]])
        let fused = Loss.binaryCrossentropy(fromLogits: true)(z, y)
        let plain = Loss.binaryCrossentropy(z.sigmoid(), y)
        #expect(Swift.abs(fused.scalar - plain.scalar) < 1e-6)
    }
}
