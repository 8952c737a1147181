import DendriteTestSupport
import Testing
@testable import Dendrite

/// Central-difference checks of every activation's backward pass (values away from kinks).
@Suite struct ActivationGradientCheckTests {
    static let activations: [Activation] = [
        .linear, .sigmoid, .tanh, .relu, .leakyRelu, .leakyRelu(slope: 0.2), .softmax, .elu, .elu(alpha: 0.5),
        .selu, .gelu, .gelu(approximate: true), .swish, .softplus, .hardSigmoid,
        .softsign, .exponential, .relu6, .mish, .logSoftmax, .hardSilu, .logSigmoid, .hardTanh, .tanhShrink,
        .celu, .celu(alpha: 0.5),
    ]

    @Test(arguments: activations) func gradientMatchesFiniteDifferences(_ activation: Activation) {
        // Inputs from ±0.2 to ±3.7, none within 0.1 of the kinks at 0, ±1 and ±3.
        let x = Tensor([[-3.7, -2.2, -0.9, -0.2], [0.3, 1.1, 2.4, 3.5]])
        expectGradientsMatchFiniteDifferences([x]) { activation($0[0]) }
    }

    @Test func stepHasZeroGradient() {
        var x = Tensor([-1, 0.5])
        x.requiresGradient = true
        x.step().sum().backward()
        #expect(x.gradient?.scalars == [0, 0])
        #expect(Tensor([-1, 0, 2]).step().scalars == [0, 1, 1])
    }

    @Test func namesRoundTrip() {
        for activation in Self.activations + [.step] {
            #expect(Activation(named: activation.name)?.name == activation.name)
        }
    }
}
