import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// `GroupNormalization` and `UnitNormalization` against Keras 3 (`Fixtures/keras_normalization.json`,
/// written by `Scripts/fixtures/make_normalization_fixtures.py`): outputs and gradients, finite
/// differences, configurations, a small model trained with Adam; and the settings and shapes they refuse.
@Suite struct NormalizationFixtureTests {
    static let file = LayerFixtureCases.load("keras_normalization")

    /// The fixture's Keras layers with the same settings in Dendrite.
    static func layer(_ name: String) throws -> any GraphLayer {
        switch name {
        case "group_norm_2_groups": return GroupNormalization(groups: 2)
        case "group_norm_instance": return GroupNormalization(groups: -1)
        case "group_norm_one_group_no_center": return GroupNormalization(groups: 1, center: false)
        case "group_norm_axis_1_no_scale": return GroupNormalization(groups: 2, axis: 1, scale: false)
        case "group_norm_rank4_epsilon": return GroupNormalization(groups: 2, epsilon: 1e-5)
        case "unit_norm_last_axis": return UnitNormalization()
        case "unit_norm_axes_1_2": return UnitNormalization(axis: [1, 2])
        case "unit_norm_axis_1": return UnitNormalization(axis: 1)
        default: throw KerasFixtureError.unknown("layer case", name)
        }
    }

    static func model(_ name: String) throws -> Model {
        guard name == "normalization" else { throw KerasFixtureError.unknown("model", name) }
        let features = Input(shape: [6, 4], name: "features")
        let hidden = try Dense(8, name: "hidden")(features)
        let normalized = try UnitNormalization(name: "unit_norm")(try GroupNormalization(groups: 4, name: "group_norm")(hidden))
        let outputs = try Dense(1, name: "out")(try GlobalAveragePooling1D(name: "pool")(normalized))
        return try Model(inputs: features, outputs: outputs, name: name)
    }

    @Test func fixtureFileLoads() throws {
        let file = try #require(Self.file, "Fixtures/keras_normalization.json is missing or malformed")
        #expect(file.layers.count == 8 && file.models.count == 1)
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func layerMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        try LayerFixtureCases.expectMatchesKeras(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func gradientsMatchFiniteDifferences(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        try LayerFixtureCases.expectGradientsMatchFiniteDifferences(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func configurationMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        try LayerFixtureCases.expectConfigurationMatchesKeras(try Self.layer(name), fixture)
    }

    /// Keras' own configuration of UnitNormalization (it has no initializers) loads into the same layer.
    @Test func kerasUnitNormalizationConfigurationLoads() throws {
        for fixture in try #require(Self.file?.layers.filter { $0.layer == "UnitNormalization" }) {
            let envelope: JSONValue = ["class_name": .string(fixture.layer), "config": fixture.config]
            let loaded = try LayerRegistry.makeLayer(KerasModelSchema.layerConfiguration(envelope) { DendriteError(.invalidFile, $0) })
            let expected = try Self.layer(fixture.name)
            expected.name = loaded.name
            #expect(loaded.configuration == expected.configuration, "\(fixture.name)")
        }
    }

    @Test(arguments: file?.models.map(\.name) ?? [])
    func modelTrainsLikeKerasAndRoundTrips(_ name: String) throws {
        let fixture = try #require(Self.file?.models.first { $0.name == name })
        try LayerFixtureCases.expectTrainsLikeKeras(try Self.model(name), fixture)
    }

    /// A zero vector stays zero, with a finite gradient (Keras caps 1/‖x‖ at 10¹²).
    @Test func unitNormalizationKeepsZerosFinite() throws {
        var input = Tensor(shape: [2, 3], scalars: [0, 0, 0, 3, 4, 0])
        input.requiresGradient = true
        let output = GradientMode.enabled { UnitNormalization()(input, training: true) }
        #expect(output.scalars == [0, 0, 0, 0.6, 0.8, 0])
        output.sum().backward()
        #expect(try #require(input.gradient).scalars.allSatisfy(\.isFinite))
    }

    @Test func badSettingsAndShapesThrowNamingTheLayer() throws {
        let cases: [(any Layer, [Int])] = [
            (GroupNormalization(groups: 3, name: "norm"), [5, 4]),
            (GroupNormalization(groups: 8, name: "norm"), [5, 4]),
            (GroupNormalization(groups: 0, name: "norm"), [5, 4]),
            (GroupNormalization(groups: -2, name: "norm"), [5, 4]),
            (GroupNormalization(groups: 2, axis: 0, name: "norm"), [5, 4]),
            (GroupNormalization(groups: 2, axis: 3, name: "norm"), [5, 4]),
            (GroupNormalization(groups: 2, epsilon: 0, name: "norm"), [5, 4]),
            (UnitNormalization(axis: 0, name: "norm"), [5, 4]),
            (UnitNormalization(axis: [1, -2], name: "norm"), [5, 4]),
        ]
        for (layer, shape) in cases {
            let error = try #require(throws: DendriteError.self) { try layer.outputShape(for: shape) }
            #expect(error.message.hasPrefix("norm: "), "\(error.message)")
        }
        let built = GroupNormalization(groups: 2, name: "norm")
        var generator = RandomGenerator(seed: 0)
        try built.build(inputShape: [5, 4], generator: &generator)
        #expect(throws: DendriteError.self) { try built.outputShape(for: [5, 6]) }
        let error = try #require(throws: DendriteError.self) {
            try GroupNormalization(configuration: LayerConfiguration(type: "GroupNormalization", name: "norm", settings: [
                "groups": .int(2), "axis": .int(-1), "epsilon": .float(0.001), "center": true, "scale": true,
                "beta_initializer": "zeros", "gamma_initializer": "ones", "gamma_constraint": ["class_name": "NonNeg"]]))
        }
        #expect(error.message.contains("gamma_constraint"))
    }
}
