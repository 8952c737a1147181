import Testing
@testable import Dendrite

@Suite struct PredictTests {
    /// `predict` runs a stack of Dense layers as one affine chain: the values must be those of the
    /// layers called one by one, bit for bit, whatever the batch and the activations.
    @Test(arguments: [1, 3, 100])
    func denseStackChainEqualsTheLayers(samples: Int) throws {
        let model = Sequential(seed: 5) {
            Dense(300, activation: .relu, inputShape: [20])
            Dense(40, activation: .tanh, useBias: false)
            Dense(30, activation: .sigmoid)
            Dense(12)
            Dense(7, activation: .softmax)
        }
        let x = Tensor.randomNormal([samples, 20], seed: 6) * 3
        try model.build(inputShape: [20])
        #expect(model.affineSteps?.count == 5)
        let layered = GradientMode.disabled { model(x) }
        let predicted = try model.predict(x, batchSize: 32)
        #expect(predicted.shape == [samples, 7])
        #expect(predicted.scalars.map(\.bitPattern) == layered.scalars.map(\.bitPattern))
    }

    @Test func chainKeepsLeadingAxes() throws {
        let model = Sequential(seed: 1) {
            Dense(5, activation: .relu, inputShape: [3, 4])
            Dense(2, activation: .softmax)
        }
        let x = Tensor.randomNormal([6, 3, 4], seed: 2)
        try model.build(inputShape: [3, 4])
        let predicted = try model.predict(x)
        #expect(predicted.shape == [6, 3, 2])
        #expect(predicted.scalars.map(\.bitPattern) == GradientMode.disabled { model(x) }.scalars.map(\.bitPattern))
    }

    @Test func otherModelsRunLayerByLayer() throws {
        let withDropout = Sequential(seed: 3) {
            Dense(8, activation: .relu, inputShape: [4])
            Dropout(0.5)
            Dense(2, activation: .softmax)
        }
        let withElu = Sequential(seed: 3) {
            Dense(8, activation: .elu(alpha: 1), inputShape: [4])
            Dense(2)
        }
        let x = Tensor.randomNormal([9, 4], seed: 4)
        for model in [withDropout, withElu] {
            try model.build(inputShape: [4])
            #expect(model.affineSteps == nil)
            #expect(try model.predict(x, batchSize: 4) == GradientMode.disabled { model(x) })
        }
    }
}
