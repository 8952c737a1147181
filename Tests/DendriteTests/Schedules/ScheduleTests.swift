import Testing
@testable import Dendrite

/// Every schedule against its reference at the same steps. The expected rates were printed by
/// `Scripts/fixtures/make_schedule_fixtures.py` (Keras 3 on the torch backend; PyTorch's `CyclicLR`
/// for the cyclical rate).
@Suite struct ScheduleTests {
    static let steps = [0, 1, 5, 10, 25, 50, 99, 100, 150]

    func expectRates(_ schedule: some LearningRateSchedule, _ expected: [Float],
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let rates = Self.steps.map { schedule.learningRate(atStep: $0) }
        for (step, (rate, reference)) in zip(Self.steps, zip(rates, expected)) {
            #expect(abs(rate - reference) <= 1e-6 * max(abs(reference), 1e-3),
                    "step \(step): \(rate), expected \(reference)", sourceLocation: sourceLocation)
        }
    }

    @Test func exponentialDecayMatchesKeras() throws {
        expectRates(try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5),
                    [0.100000001, 0.0933033004, 0.0707106814, 0.0500000007, 0.0176776703, 0.00312500005,
                     0.000104665407, 9.76562515e-05, 3.05175786e-06])
        expectRates(try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true),
                    [0.100000001, 0.100000001, 0.100000001, 0.0500000007, 0.0250000004, 0.00312500005,
                     0.000195312503, 9.76562515e-05, 3.05175786e-06])
    }

    @Test func stepDecayMatchesKerasPiecewiseConstant() throws {
        expectRates(try StepDecay(initialLearningRate: 0.1, factor: 0.5, stepSize: 20),
                    [0.100000001, 0.100000001, 0.100000001, 0.100000001, 0.0500000007, 0.0250000004,
                     0.00625000009, 0.00312500005, 0.000781250012])
    }

    @Test func cosineDecayMatchesKeras() throws {
        expectRates(try CosineDecay(initialLearningRate: 0.1, decaySteps: 100),
                    [0.100000001, 0.0999753252, 0.0993844196, 0.0975528285, 0.0853553414, 0.049999997,
                     2.46733434e-05, 0, 0])
        expectRates(try CosineDecay(initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1),
                    [0.100000001, 0.0999777913, 0.0994459763, 0.0977975428, 0.0868198127, 0.054999996,
                     0.0100222062, 0.0100000007, 0.0100000007])
    }

    @Test func cosineDecayWarmsUpLinearlyThenDecaysFromTheTarget() throws {
        expectRates(try CosineDecay(initialLearningRate: 0, decaySteps: 100, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 10),
                    [0, 0.0200000014, 0.100000001, 0.200000003, 0.190190583, 0.137811527, 0.0253207292,
                     0.0244049169, 0.0200000014])
    }

    @Test func cyclicalLearningRateMatchesPyTorchCyclicLR() throws {
        expectRates(try CyclicalLearningRate(baseRate: 0.01, maxRate: 0.1, stepSize: 20),
                    [0.01, 0.0145, 0.0325, 0.055, 0.0775, 0.055, 0.0955, 0.1, 0.055])
        expectRates(try CyclicalLearningRate(baseRate: 0.01, maxRate: 0.1, stepSize: 20, mode: .triangular2),
                    [0.01, 0.0145, 0.0325, 0.055, 0.0775, 0.0325, 0.031375, 0.0325, 0.015625])
        expectRates(try CyclicalLearningRate(baseRate: 0.01, maxRate: 0.1, stepSize: 20, mode: .exponentialRange(gamma: 0.99)),
                    [0.01, 0.014455, 0.0313972761, 0.0506971934, 0.0625029418, 0.037225273, 0.041611884,
                     0.0429429107, 0.0199653304])
    }

    @Test func badHyperParametersThrowNamingTheSetting() {
        let cases: [(String, () throws -> Any)] = [
            ("decaySteps must be > 0", { try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5) }),
            ("decayRate must be", { try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0) }),
            ("stepSize must be > 0", { try StepDecay(initialLearningRate: 0.1, stepSize: 0) }),
            ("factor must be in (0, 1]", { try StepDecay(initialLearningRate: 0.1, factor: 2, stepSize: 5) }),
            ("initialLearningRate must be", { try CosineDecay(initialLearningRate: -1, decaySteps: 10) }),
            ("alpha must be in [0, 1]", { try CosineDecay(initialLearningRate: 0.1, decaySteps: 10, alpha: 1.5) }),
            ("warmupSteps must be ≥ 0", { try CosineDecay(initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.1, warmupSteps: -1) }),
            ("must not exceed maxRate", { try CyclicalLearningRate(baseRate: 0.1, maxRate: 0.01, stepSize: 10) }),
            ("stepSize must be > 0", { try CyclicalLearningRate(baseRate: 0.01, maxRate: 0.1, stepSize: -3) }),
            ("gamma must be in (0, 1]", { try CyclicalLearningRate(baseRate: 0.01, maxRate: 0.1, stepSize: 10, mode: .exponentialRange(gamma: 0)) }),
        ]
        for (message, make) in cases {
            #expect(throws: DendriteError.self, "\(message)") { _ = try make() }
            do { _ = try make() } catch let error as DendriteError {
                #expect(error.kind == .invalidArgument && error.message.contains(message), "\(error.message)")
            } catch { Issue.record("unexpected \(error)") }
        }
    }

    @Test func compiledScheduleDrivesTheRateOfEveryUpdate() throws {
        let model = TinyRegression.model()
        model.compile(optimizer: SGD(), loss: .meanSquaredError,
                      learningRateSchedule: try StepDecay(initialLearningRate: 0.1, factor: 0.5, stepSize: 2))
        try model.fit(TinyRegression.x, TinyRegression.y, epochs: 1, batchSize: 8, verbose: 0)
        // 32 samples in batches of 8: 4 updates, so the next one is step 4, two drops in.
        #expect(model.learningRate == 0.025)
    }
}
