import DendriteTestSupport
import Testing
@testable import Dendrite

/// Central-difference checks of the small layers' backward passes, on inputs away from their kinks
/// (0, ReLU's threshold 0.5 and maximum 1.5) and without ties (max pooling).
@Suite struct SmallLayerGradientCheckTests {
    /// Each layer (a fresh one on every read) with a sample shape it accepts.
    static var cases: [(name: String, layer: any Layer, sample: [Int])] { [
        ("Identity", Identity(), [2, 3, 4]),
        ("RepeatVector", RepeatVector(3), [24]),
        ("Permute", Permute([3, 1, 2]), [2, 3, 4]),
        ("ReLU", ReLU(), [24]),
        ("ReLU settings", ReLU(maxValue: 1.5, negativeSlope: 0.1, threshold: 0.5), [24]),
        ("LeakyReLU", LeakyReLU(), [24]),
        ("ELU", ELU(alpha: 0.5), [24]),
        ("Softmax", Softmax(axis: 1), [4, 6]),
        ("Softmax two axes", Softmax(axes: [1, -1]), [4, 6]),
        ("UpSampling2D nearest", UpSampling2D((2, 3)), [2, 3, 4]),
        ("UpSampling2D bilinear", UpSampling2D((3, 2), interpolation: .bilinear), [2, 3, 4]),
        ("Cropping2D", Cropping2D(((1, 0), (0, 2))), [3, 4, 2]),
        ("AveragePooling1D", AveragePooling1D(3, strides: 2, padding: .same), [8, 3]),
        ("GlobalAveragePooling1D", GlobalAveragePooling1D(keepdims: true), [8, 3]),
        ("GlobalMaxPooling1D", GlobalMaxPooling1D(), [8, 3]),
        ("LayerNormalization", LayerNormalization(), [3, 5]),
        ("LayerNormalization axis 1", LayerNormalization(axis: 1, epsilon: 1e-5), [4, 3]),
        ("LayerNormalization two axes", LayerNormalization(axis: [1, 2], center: false), [3, 4]),
    ] }

    /// Two samples of `sample`: distinct values from ±0.2 to ±2.5 that keep 0.1 from 0, 0.5 and 1.5.
    static func input(_ sample: [Int]) -> Tensor {
        let count = 2 * sample.reduce(1, *)
        let magnitudes = (0..<count).map { 0.2 + 2.3 * Float(($0 * 17) % count) / Float(count) }
        let scalars = magnitudes.enumerated().map { index, value -> Float in
            let away = [0.5, 1.5].contains { Swift.abs(value - $0) < 0.1 } ? value + 0.2 : value
            return index % 3 == 0 ? -away : away
        }
        return Tensor(shape: [2] + sample, scalars: scalars)
    }

    @Test(arguments: cases.indices) func gradientMatchesFiniteDifferences(_ index: Int) throws {
        let (_, layer, sample) = Self.cases[index]
        var generator = RandomGenerator(seed: 1)
        try layer.build(inputShape: sample, generator: &generator)
        expectGradientsMatchFiniteDifferences([Self.input(sample)]) { layer($0[0], training: true) }
    }

    @Test func preluGradientsReachInputAndAlpha() throws {
        let layer = PReLU(sharedAxes: [1])
        var generator = RandomGenerator(seed: 1)
        try layer.build(inputShape: [3, 4], generator: &generator)
        let alpha = try #require(layer.alpha)
        #expect(alpha.value.shape == [1, 4] && alpha.value.scalars.allSatisfy { $0 == 0 })
        let initialAlpha = Tensor(shape: [1, 4], scalars: [0.25, -0.5, 0.1, 0.8])
        expectGradientsMatchFiniteDifferences([Self.input([3, 4]), initialAlpha]) { inputs in
            alpha.value = inputs[1]
            return layer(inputs[0], training: true)
        }
    }

    @Test func layerNormalizationGradientsReachGammaAndBeta() throws {
        let layer = LayerNormalization(axis: [1, 2])
        var generator = RandomGenerator(seed: 1)
        try layer.build(inputShape: [3, 4], generator: &generator)
        let (gamma, beta) = (try #require(layer.gamma), try #require(layer.beta))
        #expect(gamma.value.shape == [3, 4] && beta.value.shape == [3, 4])
        let initialGamma = Tensor.randomUniform([3, 4], low: -1, high: 1, seed: 5)
        let initialBeta = Tensor.randomUniform([3, 4], low: -1, high: 1, seed: 6)
        expectGradientsMatchFiniteDifferences([Self.input([3, 4]), initialGamma, initialBeta]) { inputs in
            gamma.value = inputs[1]
            beta.value = inputs[2]
            return layer(inputs[0], training: true)
        }
    }

    @Test func layerNormalizationRefusesBadSettings() {
        #expect(throws: DendriteError.self) { try LayerNormalization(axis: 3, name: "norm").outputShape(for: [4, 5]) }
        #expect(throws: DendriteError.self) { try LayerNormalization(axis: 0, name: "norm").outputShape(for: [4, 5]) }
        #expect(throws: DendriteError.self) { try LayerNormalization(epsilon: 0, name: "norm").outputShape(for: [4]) }
        #expect(throws: (any Error).self) {
            try LayerNormalization(configuration: LayerConfiguration(type: "LayerNormalization", name: "norm", settings: [
                "axis": .int(-1), "epsilon": .float(0.001), "center": .bool(true), "scale": .bool(true),
                "rms_scaling": .bool(true), "beta_initializer": .string("zeros"), "gamma_initializer": .string("ones"),
                "input_shape": .null]))
        }
    }
}
