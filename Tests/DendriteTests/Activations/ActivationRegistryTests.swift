import Foundation
import Testing
@testable import Dendrite

/// `scale · tanh(x)`: an activation of the user's own, built from tensor operations (autodiff gives
/// its gradient), with one setting.
struct ScaledTanh: ActivationFunction {
    var scale: Float
    var name: String { "scaled_tanh" }
    var settings: [String: JSONValue] { ["scale": .float(scale)] }

    init(scale: Float) {
        self.scale = scale
    }

    init(configuration: ActivationConfiguration) throws {
        let scale = try configuration.float("scale", default: 1)
        guard scale > 0 else { throw configuration.problem("scale", "must be > 0, got \(scale)") }
        self.init(scale: scale)
    }

    func callAsFunction(_ x: Tensor) -> Tensor { x.tanh() * scale }
}

@Suite struct ActivationRegistryTests {
    static func fail(_ message: String) -> DendriteError { DendriteError(.invalidFile, message) }

    @Test func userDefinedActivationTrainsSavesAndLoadsBitIdentically() throws {
        ActivationRegistry.register(ScaledTanh.self, as: "scaled_tanh")
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scaled = Activation(ScaledTanh(scale: 1.5))
        let model = try Sequential(seed: 7) {
            Dense(5, activation: scaled, inputShape: [3])
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy)
        let history = try model.fit(SavingSupport.x, SavingSupport.y, epochs: 5, batchSize: 8, verbose: 0)
        let losses = try #require(history["loss"])
        #expect(losses.last! < losses.first!, "training through the user's activation lowers the loss: \(losses)")
        try model.save(to: directory)

        let loaded = try Sequential.load(from: directory)
        let dense = try #require(loaded.layers.compactMap { $0 as? Dense }.first)
        #expect(dense.activation == scaled && dense.activation.function is ScaledTanh)
        #expect(dense.activation.configuration == ["name": "scaled_tanh", "scale": .number(1.5)])
        #expect(try loaded.predict(SavingSupport.x).scalars.map(\.bitPattern)
                == model.predict(SavingSupport.x).scalars.map(\.bitPattern))
        #expect(ActivationRegistry.names.contains("scaled_tanh") && Activation(named: "scaled_tanh") == Activation(ScaledTanh(scale: 1)))
    }

    @Test func everyBuiltInRoundTripsThroughItsConfiguration() throws {
        let activations: [Activation] = [.softsign, .exponential, .relu6, .mish, .logSoftmax, .hardSilu, .logSigmoid,
                                         .hardTanh, .tanhShrink, .celu, .celu(alpha: 0.25), .leakyRelu(slope: 0)]
        for activation in activations {
            #expect(try Activation(configuration: activation.configuration, problem: Self.fail) == activation)
        }
        #expect(Activation.celu(alpha: 0.25).configuration == ["name": "celu", "alpha": .number(0.25)])
        #expect(Activation.mish.configuration == "mish")
    }

    @Test func configurationsSavedBeforeTheRegistryStillLoad() throws {
        // The JSON the closed enum wrote.
        let saved: [(JSONValue, Activation)] = [
            ("relu", .relu), ("hard_sigmoid", .hardSigmoid), ("silu", .swish), ("step", .step),
            (["name": "leaky_relu", "slope": .number(0.2)], .leakyRelu(slope: 0.2)), (["name": "leaky_relu"], .leakyRelu(slope: 0.2)),
            (["name": "elu", "alpha": .number(0.7)], .elu(alpha: 0.7)), (["name": "gelu", "approximate": true], .gelu(approximate: true)),
            (["name": "gelu"], .gelu),
        ]
        for (json, activation) in saved {
            #expect(try Activation(configuration: json, problem: Self.fail) == activation)
        }
        // Keras' names carry Keras' default settings; other settings need the object form.
        #expect(Activation.leakyRelu(slope: 0.2).configuration == "leaky_relu")
        #expect(Activation.leakyRelu.configuration == ["name": "leaky_relu", "slope": .number(0.01)])
        #expect(Activation.gelu.configuration == "gelu")
        #expect(Activation.gelu(approximate: true).configuration == ["name": "gelu", "approximate": true])
    }

    @Test func kerasAliasesNameTheSameFunction() {
        #expect(Activation(named: "silu") == .swish && Activation.silu == .swish)
        #expect(Activation(named: "hard_swish") == .hardSilu && Activation.hardSwish.name == "hard_silu")
        #expect(Activation(named: "no_such_function") == nil)
        #expect(Activation.leakyRelu != .leakyRelu(slope: 0.2) && Activation.leakyRelu == .leakyRelu(slope: 0.01))
        #expect(Set<Activation>([.elu, .elu(alpha: 1), .elu(alpha: 0.5)]).count == 2)
    }

    @Test func badSettingsThrowNamingTheSetting() {
        let layer = LayerConfiguration(type: "Dense", name: "hidden", settings: [
            "negative": ["name": "leaky_relu", "slope": .number(-0.1)],
            "zero": ["name": "celu", "alpha": .number(0)],
            "unknown": "rleu",
            "flag": ["name": "gelu", "approximate": "yes"],
            "number": ["name": "elu", "alpha": "big"],
            "user": ["name": "scaled_tanh", "scale": .number(-2)],
        ])
        ActivationRegistry.register(ScaledTanh.self, as: "scaled_tanh")
        let expected = [
            ("negative", "setting 'negative' 'slope' must be ≥ 0, as in Keras, got -0.1"),
            ("zero", "setting 'zero' 'alpha' must not be 0 (CELU divides by it)"),
            ("unknown", "setting 'unknown' names an unknown activation 'rleu' (registered: "),
            ("flag", "setting 'flag' 'approximate' must be true or false, got \"yes\""),
            ("number", "setting 'number' 'alpha' must be a number, got \"big\""),
            ("user", "setting 'user' 'scale' must be > 0, got -2.0"),
        ]
        for (key, message) in expected {
            do {
                _ = try layer.activation(key)
                Issue.record("'\(key)' loaded")
            } catch let error as DendriteError {
                #expect(error.kind == .invalidFile && error.message.hasPrefix("layer 'hidden' (Dense): \(message)"), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func standaloneConfigurationErrorsNameTheActivation() {
        #expect(throws: DendriteError(.invalidFile, "activation 'celu': 'alpha' must not be 0 (CELU divides by it)")) {
            try ActivationRegistry.makeActivation(ActivationConfiguration(name: "celu", settings: ["alpha": .number(0)]))
        }
    }
}
