import Testing
@testable import Dendrite
@testable import DendriteCourse

@Suite struct PerceptronTests {
    static let inputs = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])

    @Test(arguments: [("AND", [0, 0, 0, 1] as [Float]), ("OR", [0, 1, 1, 1] as [Float])])
    func learnsLinearlySeparableGates(gate: String, truthTable: [Float]) throws {
        var perceptron = Perceptron(inputCount: 2)
        let result = try perceptron.fit(Self.inputs, Tensor(truthTable))
        #expect(result.converged, "\(gate) did not converge: \(result.errorsPerEpoch)")
        #expect(result.epochs == result.errorsPerEpoch.count && result.epochs < 100)
        #expect(result.errorsPerEpoch.last == 0 && (result.errorsPerEpoch.first ?? 0) > 0)
        #expect(try perceptron.predict(Self.inputs).scalars == truthTable)
    }

    @Test func learningRuleStepsByTheError() throws {
        // From zero weights the first sample (0, 0) is predicted 1 (step(0) = 1) but labelled 0, so
        // b ← 0 + 0.1·(0 − 1) = −0.1 and w stays 0 (x = 0); sample (1, 1), labelled 1, then gives
        // ŷ = step(−0.1) = 0 and w ← 0 + 0.1·(1 − 0)·(1, 1), b ← −0.1 + 0.1 = 0.
        var perceptron = Perceptron(inputCount: 2)
        try perceptron.fit(Tensor([[0, 0], [1, 1]]), Tensor([0, 1]), learningRate: 0.1, maxEpochs: 1)
        #expect(perceptron.weights == [0.1, 0.1] && perceptron.bias == 0)
    }

    @Test func failsOnXorWhichIsNotLinearlySeparable() throws {
        var perceptron = Perceptron(inputCount: 2)
        let result = try perceptron.fit(Self.inputs, Tensor([0, 1, 1, 0]), maxEpochs: 50)
        #expect(!result.converged)
        #expect(result.epochs == 50 && result.errorsPerEpoch.count == 50)
        #expect(result.errorsPerEpoch.allSatisfy { $0 > 0 })
        #expect(try perceptron.predict(Self.inputs).scalars != [0, 1, 1, 0])
    }

    @Test func seededStartIsReproducibleAndStillLearns() throws {
        var first = Perceptron(inputCount: 2, seed: 7), second = Perceptron(inputCount: 2, seed: 7)
        #expect(first == second && first.weights != [0, 0])
        #expect(first.weights.allSatisfy { (-0.5..<0.5).contains($0) })
        let results = try [first.fit(Self.inputs, Tensor([0, 0, 0, 1])), second.fit(Self.inputs, Tensor([0, 0, 0, 1]))]
        #expect(results[0] == results[1] && results[0].converged)
    }

    @Test func rejectsBadDataAndSettings() {
        var perceptron = Perceptron(inputCount: 2)
        let y = Tensor([0, 0, 0, 1])
        #expect(throws: DendriteError.self) { try perceptron.fit(Tensor([[0, 0, 1]]), Tensor([0])) }
        #expect(throws: DendriteError.self) { try perceptron.fit(Self.inputs, Tensor([0, 1])) }
        #expect(throws: DendriteError.self) { try perceptron.fit(Self.inputs, Tensor([0, 0, 2, 1])) }
        #expect(throws: DendriteError.self) { try perceptron.fit(Tensor([[0, 0], [0, 1], [1, .nan], [1, 1]]), y) }
        #expect(throws: DendriteError.self) { try perceptron.fit(Self.inputs, y, learningRate: 0) }
        #expect(throws: DendriteError.self) { try perceptron.fit(Self.inputs, y, maxEpochs: -1) }
        #expect(throws: DendriteError.self) { try perceptron.predict(Tensor([1, 1])) }
        #expect(perceptron == Perceptron(inputCount: 2))
    }
}
