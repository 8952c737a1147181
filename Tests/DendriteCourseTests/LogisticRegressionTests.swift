import DendriteTestSupport
import Testing
@testable import Dendrite
@testable import DendriteCourse

@Suite struct LogisticRegressionTests {
    /// Two features, not linearly separable (samples 3 and 7 sit on the wrong sides).
    static let features = Tensor([[0.5, 1.0], [1.0, 0.5], [1.5, 2.0], [2.0, 1.0],
                                  [2.5, 3.0], [3.0, 2.5], [1.2, 1.8], [2.8, 1.2]])
    static let labels = Tensor([0, 0, 0, 1, 1, 1, 1, 0])

    @Test func separatesALinearlySeparableSetWithFallingCost() throws {
        let x = Tensor([[1, 1], [1, 2], [2, 1], [4, 4], [4, 5], [5, 4]]), y = Tensor([0, 0, 0, 1, 1, 1])
        var model = LogisticRegression(inputCount: 2)
        let costs = try model.fit(x, y, learningRate: 0.1, epochs: 300)
        #expect(costs.count == 300)
        #expect(Swift.abs(costs[0] - 0.6931472) < 1e-6)  // log 2: every probability is ½ at w = 0
        #expect(zip(costs, costs.dropFirst()).allSatisfy { $1 < $0 })
        #expect(try model.predict(x).scalars == y.scalars)
        #expect(try Metrics.accuracy(predictions: model.predictProbabilities(x), targets: y) == 1)
    }

    @Test func matchesNumPyGradientDescent() throws {
        // Scripts/fixtures/make_metric_fixtures.py runs the same updates in float64 NumPy
        // (learning rate 0.1, 1000 epochs, from zeros). Dendrite computes in float32; after 1000
        // steps the two agree to 1e-5 in cost and probability and 1e-4 in the weights.
        var model = LogisticRegression(inputCount: 2)
        let costs = try model.fit(Self.features, Self.labels, learningRate: 0.1, epochs: 1000)
        let expectedCosts: [(Int, Float)] = [(0, 0.6931471805599453), (1, 0.6855087357185428),
                                             (99, 0.5955394516191055), (999, 0.4994650155536646)]
        for (epoch, cost) in expectedCosts { #expect(Swift.abs(costs[epoch] - cost) < 1e-5, "cost[\(epoch)]") }
        expectClose(model.weights.scalars, [0.4352904731976324, 1.4454409700853756], tolerance: 1e-4)
        #expect(Swift.abs(model.bias - -3.0368364295672086) < 1e-4)
        expectClose(try model.predictProbabilities(Self.features).scalars,
                    [0.20201461719135674, 0.13252384058381877, 0.6240985358723888, 0.32721364682040444,
                     0.9158855210111033, 0.8679137718014331, 0.521812617641054, 0.47913863259424133],
                    tolerance: 1e-5)
    }

    @Test func convergesToScikitLearnsUnpenalisedFit() throws {
        // Same script: sklearn `LogisticRegression(C=np.inf, tol=1e-10)` (no penalty) on the same data.
        // In float64, 2000 steps at learning rate 0.5 reach it to 1.3e-7; float32 stays within 1e-4.
        var model = LogisticRegression(inputCount: 2)
        try model.fit(Self.features, Self.labels, learningRate: 0.5, epochs: 2000)
        expectClose(try model.predictProbabilities(Self.features).scalars,
                    [0.15688803292071188, 0.09726886757796072, 0.6263907199837198, 0.2989324515457936,
                     0.9379115084063374, 0.8974048605284823, 0.5054544916695778, 0.47974906773565423],
                    tolerance: 1e-4)
        expectClose(model.weights.scalars, [0.552787183288264, 1.6455439851010356], tolerance: 1e-3)
        #expect(try model.predict(Self.features).scalars == [0, 0, 1, 0, 1, 1, 1, 0])
    }

    @Test func acceptsColumnLabelsAndZeroEpochs() throws {
        var model = LogisticRegression(inputCount: 2)
        #expect(try model.fit(Self.features, Self.labels.reshaped([8, 1]), epochs: 0).isEmpty)
        #expect(try model.predictProbabilities(Self.features).scalars == Array(repeating: 0.5, count: 8))
        #expect(try model.predict(Self.features, threshold: 0.4).scalars == Array(repeating: 1, count: 8))
    }

    @Test func rejectsBadDataAndSettings() {
        var model = LogisticRegression(inputCount: 2)
        let (x, y) = (Self.features, Self.labels)
        #expect(throws: DendriteError.self) { try model.fit(Tensor([[1, 2, 3]]), Tensor([1])) }
        #expect(throws: DendriteError.self) { try model.fit(x, Tensor([0, 1])) }
        #expect(throws: DendriteError.self) { try model.fit(x, Tensor([0, 0, 0, 1, 1, 1, 1, 0.5])) }
        #expect(throws: DendriteError.self) { try model.fit(x, Tensor([0, 0, 0, 1, 1, 1, 1, .nan])) }
        #expect(throws: DendriteError.self) { try model.fit(x, y, learningRate: -0.1) }
        #expect(throws: DendriteError.self) { try model.fit(x, y, learningRate: .nan) }
        #expect(throws: DendriteError.self) { try model.fit(x, y, epochs: -1) }
        #expect(throws: DendriteError.self) { try model.predictProbabilities(Tensor([[.infinity, 1]])) }
        #expect(throws: DendriteError.self) { try LogisticRegression(inputCount: 0).predict(Tensor([[1]])) }
    }
}

/// Element-wise |actual − expected| ≤ tolerance, for float32 results against float64 references.
private func expectClose(_ actual: [Float], _ expected: [Double], tolerance: Double,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(Swift.abs(Double(a) - e) <= tolerance, "\(a) ≠ \(e)", sourceLocation: sourceLocation)
    }
}
