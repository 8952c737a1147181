import Foundation
import Testing
@testable import Dendrite

/// Issue 13's bad inputs for models and their files: sizes beyond memory, settings beyond Float or
/// Keras' 32-bit integers, NaN weights, JSON numbers beyond Double and unvalidated optimizers on
/// resume are refused with a message that says what is wrong and where.
@Suite struct BadModelInputTests {
    static func error(_ body: () throws -> Any) -> DendriteError? {
        do { _ = try body(); return nil } catch let error as DendriteError { return error } catch { return nil }
    }

    @Test func sizesBeyondTheLimitsOrBeyondIntAreRefusedBeforeAllocating() throws {
        let wide = Self.error { try Sequential { Dense(100_000) }.build(inputShape: [100_000]) }
        #expect(wide?.kind == .resourceLimit)
        #expect(wide?.message == "sequential: layer 'dense' (Dense): a weight: shape [100000, 100000] needs 37.3 GiB, more than the limit of 2 GiB on one tensor (ResourceLimits.maximumTensorBytes)")
        let side = Int(Int32.max)
        let flat = Self.error { try Sequential { Flatten() }.build(inputShape: [side, side, side]) }
        #expect(flat?.message == "input_layer: one sample: shape [\(side), \(side), \(side)] is larger than any memory (its size overflows a 64-bit integer)")
        let huge = Self.error { try LayerRegistry.makeLayer(LayerConfiguration(type: "Dense", name: "d", settings: ["units": .number(1e18)])) }
        #expect(huge?.message == "layer 'd' (Dense): setting 'units' 1000000000000000000 is out of range: settings are integers from -2147483647 to 2147483647")
        let slope = Self.error { try LayerRegistry.makeLayer(LayerConfiguration(type: "LeakyReLU", name: "l", settings: ["negative_slope": .number(1e39)])) }
        #expect(slope?.message == "layer 'l' (LeakyReLU): setting 'negative_slope' 1e+39 does not fit a Float (largest magnitude 3.4028235e+38)")
    }

    /// Names read from a file are shown escaped and cut: an initializer with an escape sequence, or a
    /// layer type ten thousand characters long, went into the message as it was.
    @Test func namesFromAFileAreShownEscapedAndCut() throws {
        let settings = Dense(2).configuration.settings.merging(["kernel_initializer": .string("glorot\u{7F}\u{1B}[2J")]) { $1 }
        let escape = Self.error { try LayerRegistry.makeLayer(LayerConfiguration(type: "Dense", name: "d", settings: settings)) }
        #expect(escape?.message == "layer 'd' (Dense): setting 'kernel_initializer' names the initializer 'glorot\\u{7F}\\u{1B}[2J', which Dendrite does not have (it has: zeros, ones, constant, glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, random_uniform, random_normal, truncated_normal, orthogonal, and variance_scaling as one of these)")
        let long = Self.error { try LayerRegistry.makeLayer(LayerConfiguration(type: String(repeating: "D", count: 10_000), name: "d", settings: [:])) }
        #expect(long?.message.hasPrefix("layer 'd': unknown layer type '\(String(repeating: "D", count: 60))…' (registered: Activation, ") == true)
        // Whatever a message quotes, it is printable.
        #expect(DendriteError(.invalidData, "a\u{1B}b\tc").message == "a\\u{1B}b\\tc")
    }

    @Test func aBatchSizeOfIntMaxTrainsOnTheWholeData() throws {
        let model = TinyRegression.compiledModel()
        let history = try model.fit(TinyRegression.x, TinyRegression.y, epochs: 2, batchSize: .max, verbose: 0)
        #expect(history.epochs == [0, 1])
        #expect(try model.evaluate(TinyRegression.x, TinyRegression.y, batchSize: .max)["loss"]?.isFinite == true)
        #expect(try model.predict(TinyRegression.x, batchSize: .max).shape == [32, 1])
    }

    @Test func nanWeightsInAFileAreRefusedNamingTheTensor() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = TinyRegression.compiledModel()
        try model.build(inputShape: [1])
        var file = SafeTensors()
        file["dense.kernel"] = Tensor(shape: [1, 1], scalars: [.infinity])
        file["dense.bias"] = Tensor([0])
        let url = directory.appendingPathComponent("weights.safetensors")
        try file.write(to: url)
        #expect(Self.error { try model.loadWeights(from: url) }?.message
                == "\(url.path): tensor 'dense.kernel' holds inf at index 0 (of shape [1, 1]); weights must be finite numbers")
    }

    @Test func configurationNumbersBeyondDoubleAreNamedNotCalledInvalidJSON() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model")
        try TinyRegression.compiledModel().save(to: url)
        let config = url.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"units\" : 1", with: "\"units\" : 1e400").write(to: config, atomically: true, encoding: .utf8)
        let line = text.components(separatedBy: "\"units\" : 1")[0].filter { $0 == "\n" }.count + 1
        #expect(Self.error { try Sequential.load(from: url) }?.message
                == "\(config.path): the number 1e400 at key 'units' (line \(line)) does not fit a 64-bit floating-point number (largest magnitude 1.8e308)")
    }

    @Test func aCheckpointsOptimizerSettingsAreValidatedOnResume() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("checkpoint")
        try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, callbacks: [ModelCheckpoint(checkpoint.path)], verbose: 0)
        let config = checkpoint.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"momentum\" : 0", with: "\"momentum\" : -3").write(to: config, atomically: true, encoding: .utf8)
        let error = Self.error {
            try TinyRegression.compiledModel().fit(TinyRegression.x, TinyRegression.y, epochs: 2, verbose: 0, resumeFrom: checkpoint)
        }
        #expect(error?.message == "\(config.path): the optimizer's settings: sgd: momentum must be in 0.0...1.0, got -3.0")
    }
}
