import Testing
@testable import Dendrite

@Suite struct InverseTimeDecayTests {
    @Test func followsTheClassicFormula() throws {
        // lr0 / (1 + decay · t): 0.1 / (1 + 0.5 · t)
        let schedule = try InverseTimeDecay(initialLearningRate: 0.1, decayRate: 0.5)
        #expect(schedule.learningRate(atStep: 0) == 0.1)
        #expect(schedule.learningRate(atStep: 2) == 0.05)
        #expect(Swift.abs(schedule.learningRate(atStep: 4) - 0.1 / 3) < 1e-8)
        let stairs = try InverseTimeDecay(initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 10, staircase: true)
        #expect(stairs.learningRate(atStep: 9) == 0.1)
        #expect(Swift.abs(stairs.learningRate(atStep: 15) - 0.1 / 1.5) < 1e-8)
    }

    @Test func refusesBadSettings() {
        #expect(throws: DendriteError.self) { try InverseTimeDecay(initialLearningRate: -1, decayRate: 0.5) }
        #expect(throws: DendriteError.self) { try InverseTimeDecay(initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 0) }
    }
}
