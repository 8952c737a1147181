import DendriteCore
import Foundation

/// A layer that draws random numbers while training (dropout); its generator is saved with the
/// model so that training after a load continues exactly.
protocol RandomizedLayer: Layer {
    var generator: RandomGenerator { get set }
}

extension Dropout: RandomizedLayer {}

/// A layer whose configuration cannot rebuild it (a ``Lambda``'s closure): saving a model that
/// holds one throws a ``DendriteError`` with `unsavableReason`.
public protocol UnsavableLayer: GraphLayer {
    /// Why the layer cannot be saved, naming it.
    var unsavableReason: String { get }
}

extension Model {
    /// Saves the model as a directory (see docs/saving.md):
    ///
    /// - `config.json`: format version, name, seed, input shape, every layer's configuration,
    ///   compile settings, ``preprocessing``, ``textVectorization`` (its Keras configuration,
    ///   vocabulary and idf weights), ``classNames`` and the random generators' states;
    /// - `model.safetensors`: every weight, named `<layer>.<parameter>` (`dense_1.kernel`), in
    ///   Keras' layout (a Dense kernel is `[in, out]`), readable by Hugging Face's `safetensors`;
    /// - `optimizer.safetensors` (compiled models): the optimizer's per-weight state
    ///   (`dense_1.kernel.slot0`, …) and its step count.
    ///
    /// The directory is replaced atomically: everything is written to a hidden temporary sibling
    /// and flushed, then swapped with `url` in one rename, so a crash leaves either the previous
    /// save or this one, never a mixture.
    /// - Throws: ``DendriteError`` if a file cannot be written or a setting cannot be saved.
    public func save(to url: URL) throws {
        switch url.pathExtension.lowercased() {
        case "keras": return try KerasFiles.saveArchive(self, to: url)
        case "h5", "hdf5": return try KerasFiles.saveLegacy(self, to: url)
        default: break
        }
        try save(to: url, completedEpochs: nil)
    }

    /// The model in a Keras file (`.keras`, or Keras 2's whole-model `.h5`), or nil for another path.
    private static func loadKerasFile(_ url: URL) throws -> Model? {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".keras") { return try KerasFiles.loadArchive(url) }
        if name.hasSuffix(".weights.h5") {
            throw DendriteError(.invalidFile, "\(url.path): holds weights only; build the model and call loadWeights(from:)")
        }
        if name.hasSuffix(".h5") || name.hasSuffix(".hdf5") { return try KerasFiles.loadLegacy(url) }
        return nil
    }

    /// A model saved by ``save(to:)`` (or a ``ModelCheckpoint``), with its weights, compile
    /// settings (the learning-rate schedule excepted), optimizer state and generator states:
    /// `predict` gives bit-identical results and `fit` continues as the saved model would have.
    ///
    /// - Throws: ``DendriteError`` (`.invalidFile`) naming the file and what is wrong: a missing
    ///   file, a newer format version, an unknown layer type, a malformed setting, a damaged
    ///   safetensors file, or weights whose names or shapes do not match the architecture.
    public class func load(from url: URL) throws -> Self {
        if let kerasFile = try loadKerasFile(url) {
            guard let model = kerasFile as? Self else {
                throw DendriteError(.invalidFile, "\(url.path): holds a \(kerasFile.typeName) model, not a \(Self.self) one; load it with Model.load(from:)")
            }
            return model
        }
        let configuration = try ModelConfiguration.read(fromDirectory: url)
        let configurationPath = url.appendingPathComponent("config.json").path
        let loaded = try located(configurationPath) { try makeModel(configuration) }
        guard let model = loaded as? Self else {
            throw DendriteError(.invalidFile, "\(configurationPath): holds a \(loaded.typeName) model, not a \(Self.self) one; load it with Model.load(from:)")
        }
        try model.assignWeights(SafeTensors(contentsOf: url.appendingPathComponent("model.safetensors")),
                                source: url.appendingPathComponent("model.safetensors").path)
        try model.restoreSettings(configuration, from: url)
        let optimizerURL = url.appendingPathComponent("optimizer.safetensors")
        if configuration.compile != nil, FileManager.default.fileExists(atPath: optimizerURL.path) {
            try model.restoreOptimizerState(SafeTensors(contentsOf: optimizerURL), source: optimizerURL.path)
        }
        return model
    }

    /// Applies what a saved configuration holds beside the architecture and weights: compile
    /// settings, generator states, preprocessing, text vectorization and class names.
    func restoreSettings(_ configuration: ModelConfiguration, from url: URL) throws {
        let configurationPath = url.appendingPathComponent("config.json").path
        if let compile = configuration.compile { try Self.located(configurationPath) { try compile.compile(self) } }
        try restoreRandomState(configuration.randomState, source: configurationPath)
        preprocessing = try configuration.preprocessing.map { try Self.checked($0, features: inputShapes?.first, url) }
        textVectorization = try configuration.textVectorization.map { try Self.checked($0, input: inputShapes?.first, url) }
        classNames = configuration.classNames
    }

    /// The model a configuration describes, built, with its layers' `trainable` flags.
    private static func makeModel(_ configuration: ModelConfiguration) throws -> Model {
        do {
            if let raw = configuration.model { return try makeModel(keras: raw, seed: configuration.seed) }
            guard let layers = configuration.layers else {
                throw DendriteError(.invalidFile, "'model' is missing (format \(configuration.formatVersion) describes the model there)")
            }
            let model = Sequential(try layers.map(LayerRegistry.makeLayer), seed: configuration.seed, name: configuration.name)
            if let shape = configuration.inputShape { try model.build(inputShape: shape) }
            for (layer, saved) in zip(model.layers, layers) { layer.trainable = saved.trainable }
            return model
        } catch let error as DendriteError where error.kind != .invalidFile {
            throw DendriteError(.invalidFile, "the architecture cannot be built: \(error.message)")
        }
    }

    /// The model a configuration in Keras 3's schema describes (`{"class_name": "Sequential" |
    /// "Functional" | <a registered model>, "config": {…}}`), built when the configuration gives
    /// its input shapes, its initial weights drawn from `seed`.
    static func makeModel(keras raw: JSONValue, seed: UInt64) throws -> Model {
        let description = try KerasModelSchema.layerConfiguration(raw) { DendriteError(.invalidFile, "model: \($0)") }
        switch description.type {
        case "Sequential": return try Sequential(sequentialConfiguration: description, seed: seed)
        case "Functional": return try Model(functionalConfiguration: description, seed: seed)
        default:
            guard let model = try LayerRegistry.makeLayer(description) as? Model else {
                throw DendriteError(.invalidFile, "model: '\(description.type)' is not a model type")
            }
            if let shapes = try KerasModelSchema.buildInputShapes(description), !model.isBuilt {
                try model.build(inputShapes: shapes)
            }
            return model
        }
    }

    /// Sets every weight from a safetensors file whose tensors are named `<layer>.<parameter>`
    /// with Keras' shapes, e.g. weights exported from PyTorch or Keras. The model must be built
    /// (or declare its input shape). Every weight must be present with the same shape, and every
    /// tensor must be a weight of the model.
    public func loadWeights(from url: URL) throws {
        if !isBuilt, let shapes = expectedInputShapes { try build(inputShapes: shapes) }
        guard isBuilt else {
            throw DendriteError.argument("loadWeights: \(name) has no input shape yet; build it or declare inputShape first")
        }
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".h5") || name.hasSuffix(".hdf5") { return try KerasFiles.loadWeights(url, into: self) }
        try assignWeights(SafeTensors(contentsOf: url), source: url.path)
    }

    // MARK: Internals shared with checkpoints

    func save(to url: URL, completedEpochs: Int?, interruption: AtomicFile.Interruption? = nil) throws {
        var names = Set<String>()
        for parameter in parameters where !names.insert(parameter.name).inserted {
            throw DendriteError.argument("save: two weights are named '\(parameter.name)'; give the layers distinct names")
        }
        let configuration = try makeConfiguration(completedEpochs: completedEpochs)
        var files = [("config.json", try configuration.encoded())]
        let metadata = ["format": "dendrite", "format_version": "\(ModelConfiguration.currentFormatVersion)"]
        files.append(("model.safetensors", SafeTensors(parameters.map { ($0.name, $0.value) }, metadata: metadata).data()))
        if let state = compiled?.optimizerState {
            var slots: [(name: String, tensor: Tensor)] = []
            for parameter in parameters {
                for (index, slot) in (state.slots[ObjectIdentifier(parameter)] ?? []).enumerated() {
                    slots.append(("\(parameter.name).slot\(index)", slot))
                }
            }
            let stateMetadata = metadata.merging(["optimizer": state.optimizer.name, "iterations": "\(state.iterations)"]) { $1 }
            files.append(("optimizer.safetensors", SafeTensors(slots, metadata: stateMetadata).data()))
        }
        try ModelDirectory.requireReplaceable(url)
        try AtomicFile.replaceDirectory(url, interruption: interruption) { directory in
            for (file, data) in files {
                try interruption?(.writing(file))
                try AtomicFile.writeSynchronized(data, to: directory.appendingPathComponent(file))
            }
        }
    }

    /// Throws if a layer of the model (nested ones included) cannot be saved (a ``Lambda``).
    func requireSavable() throws {
        if let layer = allLayers.lazy.compactMap({ $0 as? any UnsavableLayer }).first {
            throw DendriteError.argument("save: \(name) cannot be saved: \(layer.unsavableReason)")
        }
    }

    func makeConfiguration(completedEpochs: Int?) throws -> ModelConfiguration {
        try requireSavable()
        if let textVectorization, !textVectorization.hasVocabulary {
            throw DendriteError.argument("save: \(name)'s textVectorization has no vocabulary; adapt it (or give it one) before saving")
        }
        let compile = try compiled.map { settings in
            let optimizer = settings.optimizerState.optimizer
            if let loss = settings.loss, case .every(let metrics) = settings.metrics, case .every(1) = settings.lossWeights {
                return try CompileConfiguration(optimizer: optimizer, loss: loss, metrics: metrics)
            }
            return try CompileConfiguration(optimizer: optimizer, objectives: try settings.objectives(for: self))
        }
        let randomLayers = allLayers.compactMap { $0 as? any RandomizedLayer }
        let randomState = ModelConfiguration.RandomState(
            model: Model.hex(generator),
            layers: Dictionary(randomLayers.map { ($0.name, Model.hex($0.generator)) }, uniquingKeysWith: { $1 }))
        return ModelConfiguration(formatVersion: ModelConfiguration.currentFormatVersion, name: name, seed: seed,
                                  model: .object(KerasModelSchema.envelope(configuration)), inputShape: nil, layers: nil,
                                  compile: compile, preprocessing: preprocessing, textVectorization: textVectorization,
                                  classNames: classNames,
                                  randomState: randomState, completedEpochs: completedEpochs)
    }

    /// Sets the weights by name, requiring the file's tensors and the model's weights to match.
    func assignWeights(_ file: SafeTensors, source: String) throws {
        let expected = Set(parameters.map(\.name))
        if let extra = file.names.first(where: { !expected.contains($0) }) {
            throw DendriteError(.invalidFile, "\(source): tensor \(QuotedText.quoted(extra)) is not a weight of the model (its weights: \(QuotedText.shown(parameters.map(\.name).joined(separator: ", "))))")
        }
        for parameter in parameters {
            guard let value = file[parameter.name] else {
                throw DendriteError(.invalidFile, "\(source): weight '\(parameter.name)' is missing")
            }
            guard value.shape == parameter.value.shape else {
                throw DendriteError(.invalidFile, "\(source): tensor '\(parameter.name)' has shape \(value.shape), but the architecture needs \(parameter.value.shape)")
            }
            try Self.requireFinite(value, parameter.name, source: source)
        }
        for parameter in parameters { parameter.value = file[parameter.name] ?? parameter.value }
    }

    func restoreOptimizerState(_ file: SafeTensors, source: String) throws {
        guard let state = compiled?.optimizerState else { return }
        func failure(_ message: String) -> DendriteError { DendriteError(.invalidFile, "\(source): \(message)") }
        guard let text = file.metadata["iterations"], let iterations = Int(text), iterations >= 0 else {
            throw failure("__metadata__ needs 'iterations', a count ≥ 0")
        }
        if let saved = file.metadata["optimizer"], saved != state.optimizer.name {
            throw failure("the state is for optimizer '\(saved)', the model is compiled with '\(state.optimizer.name)'")
        }
        var slots: [ObjectIdentifier: [Tensor]] = [:]
        var used = Set<String>()
        for parameter in parameters {
            let fresh = state.optimizer.makeState(for: parameter.value)
            let names = fresh.indices.map { "\(parameter.name).slot\($0)" }
            let found = names.compactMap { file[$0] }
            if found.isEmpty { continue }
            guard found.count == fresh.count else {
                throw failure("weight '\(parameter.name)' has \(found.count) optimizer slots, \(state.optimizer.name) keeps \(fresh.count)")
            }
            for (name, (slot, template)) in zip(names, zip(found, fresh)) {
                guard slot.shape == template.shape else {
                    throw failure("tensor '\(name)' has shape \(slot.shape), but its weight has shape \(template.shape)")
                }
                try Self.requireFinite(slot, name, source: source)
            }
            used.formUnion(names)
            slots[ObjectIdentifier(parameter)] = found
        }
        if let extra = file.names.first(where: { !used.contains($0) }) {
            throw failure("tensor \(QuotedText.quoted(extra)) is not an optimizer slot of any weight of the model")
        }
        state.slots = slots
        state.iterations = iterations
    }

    /// A weight or slot read from a file must be finite: one NaN would make every prediction NaN.
    private static func requireFinite(_ tensor: Tensor, _ name: String, source: String) throws {
        if let index = tensor.firstNonFiniteIndex {
            throw DendriteError(.invalidFile, "\(source): tensor '\(name)' holds \(tensor.buffer[index]) at index \(index) "
                                + "(of shape \(tensor.shape)); weights must be finite numbers")
        }
    }

    func restoreRandomState(_ saved: ModelConfiguration.RandomState?, source: String) throws {
        guard let saved else { return }
        func restored(_ words: [String], _ owner: String) throws -> RandomGenerator {
            let values = words.map { UInt64($0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0, radix: 16) }
            guard let state = RandomGenerator(stateWords: values.compactMap { $0 }), !values.contains(nil) else {
                throw DendriteError(.invalidFile, "\(source): random_state of \(owner) must be four hexadecimal words, not all zero")
            }
            return state
        }
        generator = try restored(saved.model, "the model")
        for case let layer as any RandomizedLayer in allLayers {
            guard let words = saved.layers[layer.name] else { continue }
            layer.generator = try restored(words, "layer '\(layer.name)'")
        }
    }

    /// Runs `body`, prefixing the message of a ``DendriteError`` it throws with the file's path.
    static func located<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DendriteError { throw DendriteError(error.kind, "\(path): \(error.message)") }
    }

    static func hex(_ generator: RandomGenerator) -> [String] {
        generator.stateWords.map { "0x" + String($0, radix: 16) }
    }

    /// A saved text vectorization must make rows the model's input takes: `[outputSequenceLength]`
    /// ids, or `[vocabulary columns]`.
    private static func checked(_ vectorization: TextVectorization, input: [Int]?, _ url: URL) throws -> TextVectorization {
        let path = url.appendingPathComponent("config.json").path
        guard vectorization.hasVocabulary else {
            throw DendriteError(.invalidFile, "\(path): text_vectorization has no vocabulary; save it after adapt(_:)")
        }
        let width: Int? = switch vectorization.outputMode {
        case .int: vectorization.outputSequenceLength
        case .multiHot, .count, .tfIdf: vectorization.padToMaxTokens ? vectorization.maxTokens : vectorization.vocabularySize
        }
        if let input, let width, input != [width] {
            throw DendriteError(.invalidFile, "\(path): text_vectorization makes rows of \(width) values, the model's input takes \(input)")
        }
        return vectorization
    }

    private static func checked(_ scaler: FittedScaler, features: [Int]?, _ url: URL) throws -> FittedScaler {
        let widths: [Int] = switch scaler {
        case .standard(let scaler): [scaler.mean.count, scaler.scale.count]
        case .minMax(let scaler): [scaler.minimum.count, scaler.range.count]
        }
        let expected = features?.last ?? widths[0]
        guard widths.allSatisfy({ $0 == expected }) else {
            throw DendriteError(.invalidFile, "\(url.appendingPathComponent("config.json").path): preprocessing has \(widths) values per feature array, the model has \(expected) input features")
        }
        return scaler
    }
}
