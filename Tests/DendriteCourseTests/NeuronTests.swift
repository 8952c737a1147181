import Testing
@testable import Dendrite
@testable import DendriteCourse

@Suite struct NeuronTests {
    @Test func forwardPassIsActivationOfWeightedSumPlusBias() throws {
        // z = 0.5·1 − 1·2 + 2·3 + 0.1 = 4.6; σ(4.6) = 0.9900482 and tanh(4.6) = 0.9997979 (by hand).
        let inputs: [Float] = [1, 2, 3]
        let neuron = Neuron(weights: [0.5, -1, 2], bias: 0.1, activation: .sigmoid)
        #expect(Swift.abs(try neuron.weightedSum(of: inputs) - 4.6) < 1e-6)
        #expect(Swift.abs(try neuron.output(for: inputs) - 0.9900482) < 1e-6)
        var other = neuron
        other.activation = .tanh
        #expect(Swift.abs(try other.output(for: inputs) - 0.9997979) < 1e-6)
        other.activation = .linear
        #expect(Swift.abs(try other.output(for: inputs) - 4.6) < 1e-6)
    }

    @Test func stepAndReluCutNegativeSums() throws {
        // z = 0.2 − 0.4 − 0.5 = −0.7.
        let inputs: [Float] = [1, 1]
        #expect(try Neuron(weights: [0.2, -0.4], bias: -0.5, activation: .step).output(for: inputs) == 0)
        #expect(try Neuron(weights: [0.2, -0.4], bias: -0.5, activation: .relu).output(for: inputs) == 0)
        #expect(try Neuron(weights: [0.2, -0.4], bias: 0.5, activation: .step).output(for: inputs) == 1)
    }

    @Test func rejectsInputsOfTheWrongLengthOrNotFinite() {
        let neuron = Neuron(weights: [1, 2])
        #expect(throws: DendriteError.self) { try neuron.output(for: [1]) }
        #expect(throws: DendriteError.self) { try neuron.output(for: [1, .nan]) }
    }
}
