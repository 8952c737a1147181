import Testing
@testable import Dendrite

/// Bad input is refused with a clear error before any training step, and the model is unchanged.
@Suite struct InputValidationTests {
    let x = Tensor.randomNormal([10, 3], seed: 1)
    let y = Tensor([0, 1, 0, 1, 0, 1, 0, 1, 0, 1])

    func compiledModel(_ optimizer: any Optimizer = Adam(), loss: Loss = .binaryCrossentropy) -> Sequential {
        let model = Sequential(seed: 0) {
            Dense(4, activation: .relu, inputShape: [3])
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: optimizer, loss: loss)
        return model
    }

    func expectRefused(_ expected: String, optimizer: any Optimizer = Adam(), loss: Loss = .binaryCrossentropy,
                       sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: (Sequential) throws -> Void) {
        let model = compiledModel(optimizer, loss: loss)
        try? model.build(inputShape: [3])
        let before = model.weights
        do {
            try body(model)
            Issue.record("expected an error containing '\(expected)'", sourceLocation: sourceLocation)
        } catch let error as DendriteError {
            #expect(error.message.contains(expected), "message: \(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        #expect(model.weights == before, "weights changed", sourceLocation: sourceLocation)
    }

    @Test func mismatchedSampleCounts() {
        expectRefused("features have 10 samples but targets have 9") { try $0.fit(x, y[0..<9]) }
    }

    @Test func labelsOutsideTheOutputRange() {
        expectRefused("target 2.0 of sample 3 is outside [0, 1]") { model in
            var bad = y
            bad[3] = 2
            try model.fit(x, bad)
        }
        let multi = Sequential { Dense(3, activation: .softmax, inputShape: [3]) }
        multi.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        #expect(throws: DendriteError.self) { try multi.fit(x, y * 3) }
        do { try multi.fit(x, y * 3) } catch let error as DendriteError {
            #expect(error.message.contains("target 3.0 of sample 1 is not a class id in 0..<3"))
        } catch {}
    }

    @Test func featureWidthDifferentFromTheModel() {
        expectRefused("features have samples of shape [4] but sequential expects [3]") {
            try $0.fit(Tensor.zeros([10, 4]), y)
        }
        expectRefused("expects [3]") { _ = try $0.predict(Tensor.zeros([2, 5])) }
    }

    @Test func nonFiniteData() {
        expectRefused("features contain a non-finite value (nan) in sample 2") { model in
            var bad = x
            bad[2, 1] = .nan
            try model.fit(bad, y)
        }
        expectRefused("targets contain a non-finite value (inf)") { model in
            var bad = y
            bad[0] = .infinity
            try model.fit(x, bad)
        }
        // predict checks batch by batch and still names the sample within the whole input.
        expectRefused("features contain a non-finite value (-inf) in sample 7") { model in
            var bad = x
            bad[7, 2] = -.infinity
            _ = try model.predict(bad, batchSize: 3)
        }
    }

    @Test func badHyperParameters() {
        expectRefused("batchSize must be > 0, got 0") { try $0.fit(x, y, batchSize: 0) }
        expectRefused("epochs must be ≥ 0, got -1") { try $0.fit(x, y, epochs: -1) }
        expectRefused("learning rate must be a finite number ≥ 0, got -0.1", optimizer: SGD(learningRate: -0.1)) {
            try $0.fit(x, y)
        }
        expectRefused("beta1 must be in", optimizer: Adam(beta1: 1.5)) { try $0.fit(x, y) }
        expectRefused("validationSplit must be in [0, 1)") { try $0.fit(x, y, validationSplit: 1) }
        expectRefused("clipNorm must be a positive number", optimizer: Adam().clipped(norm: -1)) { try $0.fit(x, y) }
    }

    @Test func fitBeforeCompile() {
        let model = Sequential { Dense(1, inputShape: [3]) }
        #expect(throws: DendriteError(.notCompiled,
                                      "sequential: call compile(optimizer:loss:metrics:) before fit, evaluate or trainOnBatch")) {
            try model.fit(x, y)
        }
    }

    @Test func emptyDataSet() {
        expectRefused("data set is empty") { try $0.fit(Tensor.zeros([0, 3]), Tensor.zeros([0])) }
    }
}
