import Foundation
import Testing
@testable import Dendrite

/// A user's own layer: `x · scale` with one learned scale per feature. One file and one registry line.
final class FeatureScale: Layer {
    var name: String
    var typeName: String { "FeatureScale" }
    let initialScale: Float
    private(set) var inputShape: [Int]?
    private(set) var scale: Parameter?

    init(initialScale: Float = 1, name: String = "") {
        self.initialScale = initialScale
        self.name = name
    }

    convenience init(configuration: LayerConfiguration) throws {
        self.init(initialScale: try configuration.float("initial_scale"), name: configuration.name)
    }

    var parameters: [Parameter] { scale.map { [$0] } ?? [] }

    func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        scale = Parameter(name: "\(name).scale", value: Tensor.full([inputShape.last ?? 1], initialScale))
        self.inputShape = inputShape
    }

    func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input * scale!.value }

    var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: ["initial_scale": .float(initialScale)])
    }
}

@Suite struct CustomLayerTests {
    @Test func aRegisteredLayerTrainsSavesAndLoadsInAGraphModel() throws {
        LayerRegistry.register(FeatureScale.self, as: "FeatureScale")
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let features = Input(shape: [3], name: "features")
        let scaled = try FeatureScale(initialScale: 0.5)(features)
        let model = try Model(inputs: features, outputs: try Dense(1)(try Add()([features, scaled])), seed: 2)
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let scaleBefore = try #require(model.parameters.first { $0.name == "feature_scale.scale" }).value.scalars
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 3, batchSize: 8, verbose: 0)
        let scaleAfter = try #require(model.parameters.first { $0.name == "feature_scale.scale" }).value.scalars
        #expect(scaleBefore == [0.5, 0.5, 0.5] && scaleAfter != scaleBefore)

        try model.save(to: directory)
        let loaded = try Model.load(from: directory)
        #expect(loaded.layers.contains { $0 is FeatureScale })
        #expect(SavingSupport.bits([try loaded.predict(SavingSupport.x)]) == SavingSupport.bits([try model.predict(SavingSupport.x)]))
    }
}
