import Testing
@testable import Dendrite

@Suite struct DenseStackStepTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let loss: Loss
        let activations: [Activation]
        let width: Int
        let weighted: Bool
        var description: String { name }
    }

    static let cases = [
        Case(name: "BCE from sigmoid", loss: .binaryCrossentropy, activations: [.relu, .tanh, .sigmoid], width: 1, weighted: false),
        Case(name: "sparse CCE from softmax", loss: .sparseCategoricalCrossentropy, activations: [.relu, .softmax], width: 5,
             weighted: false),
        Case(name: "CCE from softmax, weighted", loss: .categoricalCrossentropy, activations: [.sigmoid, .softmax], width: 4,
             weighted: true),
        Case(name: "MSE on a linear output", loss: .meanSquaredError, activations: [.tanh, .relu, .linear], width: 3, weighted: false),
        Case(name: "BCE from sigmoid, two outputs", loss: .binaryCrossentropy, activations: [.relu, .sigmoid], width: 2,
             weighted: false),
        Case(name: "BCE with label smoothing from sigmoid", loss: .binaryCrossentropy(labelSmoothing: 0.2),
             activations: [.relu, .sigmoid], width: 2, weighted: false),
        Case(name: "BCE on a relu output", loss: .binaryCrossentropy, activations: [.relu, .sigmoid, .relu], width: 2, weighted: true),
    ]

    /// The graph-free passes give the loss, the output and every weight's gradient of the graph, bit for bit.
    @Test(arguments: cases)
    func gradientsEqualTheGraph(_ c: Case) throws {
        let model = Sequential(seed: 4)
        for (index, activation) in c.activations.enumerated() {
            let last = index == c.activations.count - 1
            model.add(Dense(last ? c.width : 9 - index, activation: activation, useBias: index != 1,
                            inputShape: index == 0 ? [6] : nil))
        }
        model.compile(optimizer: Adam(), loss: c.loss)
        try model.build(inputShape: [6])
        let x = Tensor.randomNormal([13, 6], seed: 7)
        let labels = Tensor((0..<13).map { Float($0 % c.width) })
        let y: Tensor = switch c.loss.targetKind {
        case .classIndices: labels
        case .distributions:
            Tensor(shape: [13, c.width], scalars: (0..<13 * c.width).map { $0 % c.width == ($0 / c.width) % c.width ? 1 : 0 })
        default: Tensor.randomUniform([13, c.width], seed: 8)
        }
        let weights = c.weighted ? Tensor.randomUniform([13], seed: 9) : nil

        let (graphOutput, graphLoss) = GradientMode.enabled { () -> (Tensor, Tensor) in
            let (outputs, logits, _) = model.forward([x], training: true, fusing: [c.loss.fusableActivation])
            let perSample = logits[0].map { c.loss.perSample(logits: $0, y) } ?? c.loss.perSample(outputs[0], y)
            return (outputs[0], Loss.reduce(perSample, weights))
        }
        graphLoss.backward()
        let graphGradients = model.parameters.map { $0.gradient! }
        model.parameters.forEach { $0.value.zeroGradient() }

        let step = try #require(DenseStackStep(model: model, objectives: [OutputObjective(name: "out", loss: c.loss, weight: 1, metrics: [])]))
        let (loss, output) = try #require(step.run(x, y, weights: weights, loss: c.loss))
        #expect(loss.scalar.bitPattern == graphLoss.scalar.bitPattern)
        #expect(output().scalars.map(\.bitPattern) == graphOutput.scalars.map(\.bitPattern))
        for (parameter, expected) in zip(model.parameters, graphGradients) {
            #expect(parameter.gradient?.scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern), "\(parameter.name)")
        }
    }

    @Test func otherModelsTakeTheGraph() throws {
        let regularized = Sequential { Dense(3, kernelRegularizer: .l2(0.01), inputShape: [2]) }
        let withDropout = Sequential { Dense(3, inputShape: [2]); Dropout(0.1); Dense(1) }
        let withElu = Sequential { Dense(3, activation: .elu(alpha: 1), inputShape: [2]) }
        let softmaxWithMSE = Sequential { Dense(3, activation: .softmax, inputShape: [2]) }
        for model in [regularized, withDropout, withElu, softmaxWithMSE] {
            try model.build(inputShape: [2])
            #expect(DenseStackStep(model: model, objectives: [OutputObjective(name: "out", loss: .meanSquaredError, weight: 1, metrics: [])]) == nil)
        }
    }
}
