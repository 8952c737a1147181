import DendriteCore
import Foundation

/// Keras' model files (docs/saving.md#keras-files):
///
/// - `.keras` (Keras 3): a zip of `config.json` (the model in Keras' schema, and `compile_config`),
///   `metadata.json` and `model.weights.h5` (each layer's weights at `layers/<group>/vars/<i>`,
///   ``KerasWeightPaths``). A `model.weights.npz` is refused: Keras 3.15 writes it with pickled
///   Python objects, which Dendrite does not unpickle.
/// - `.h5` (Keras 2's whole-model file): the `model_config` attribute, and under `model_weights`
///   one group per layer whose `weight_names` attribute lists its weights in Keras' order.
/// - `.weights.h5`: Keras 3's weights alone, in the layout of `model.weights.h5`.
enum KerasFiles {
    static let kerasVersion = "3.15.1"

    // MARK: Reading

    /// The model in a `.keras` archive, with its weights and, when the archive has them, its
    /// compile settings.
    static func loadArchive(_ url: URL) throws -> Model {
        let archive = try ZipArchive(contentsOf: url)
        let source = url.path
        func entry(_ name: String) throws -> [UInt8] {
            guard let entry = archive.entry(named: name) else {
                if name == "model.weights.h5", archive.entry(named: "model.weights.npz") != nil {
                    throw DendriteError(.invalidFile, "\(source): the weights are in model.weights.npz, which Keras 3.15 writes with "
                                        + "pickled Python objects that Dendrite does not execute; save the model with weights_format=\"h5\" (Keras' default)")
                }
                throw DendriteError(.invalidFile, "\(source): not a Keras archive: it has no \(name) (it has \(archive.entries.map(\.name).joined(separator: ", ")))")
            }
            return try archive.data(of: entry)
        }
        let configuration = try json(entry("config.json"), source: "\(source): config.json")
        let model = try Model.located("\(source): config.json") { try Model.makeModel(keras: configuration, seed: 0) }
        let weights = try HDF5File(bytes: try entry("model.weights.h5"), source: "\(source): model.weights.h5")
        try assignKeras3Weights(weights, to: model, configuration: configuration, source: "\(source): model.weights.h5")
        if let settings = archive.entry(named: "dendrite.json") {
            let saved = try ModelConfiguration.decode(Data(try archive.data(of: settings)), source: "\(source): dendrite.json")
            try model.restoreSettings(saved, from: url)
        } else {
            try compileIfConfigured(model, configuration, source: "\(source): config.json")
        }
        return model
    }

    /// The model in a Keras 2 `.h5` file, with its weights and compile settings.
    static func loadLegacy(_ url: URL) throws -> Model {
        let file = try HDF5File(contentsOf: url)
        let source = url.path
        guard let text = file.root.attribute(named: "model_config")?.value.string else {
            throw DendriteError(.invalidFile, "\(source): no model_config attribute: not a Keras whole-model file (for weights alone use loadWeights(from:))")
        }
        let configuration = try json(Array(text.utf8), source: "\(source): model_config")
        let model = try Model.located("\(source): model_config") { try Model.makeModel(keras: configuration, seed: 0) }
        let group = file.root.contains("model_weights") ? try file.root.group(named: "model_weights") : file.root
        try assignLegacyWeights(group, to: model, source: source)
        if let training = file.root.attribute(named: "training_config")?.value.string {
            let settings = try json(Array(training.utf8), source: "\(source): training_config")
            try compileIfConfigured(model, ["compile_config": settings], source: "\(source): training_config")
        }
        return model
    }

    /// Sets `model`'s weights from a Keras weights file: Keras 3's layout (`layers/…/vars/…`) or
    /// Keras 2's (`layer_names`, each layer's `weight_names`).
    static func loadWeights(_ url: URL, into model: Model) throws {
        let file = try HDF5File(contentsOf: url)
        if file.root.contains("layers") || file.root.contains("vars") {
            let configuration = JSONValue.object(KerasModelSchema.envelope(model.configuration))
            try assignKeras3Weights(file, to: model, configuration: configuration, source: url.path)
        } else {
            let group = file.root.contains("model_weights") ? try file.root.group(named: "model_weights") : file.root
            try assignLegacyWeights(group, to: model, source: url.path)
        }
    }

    /// Builds `model` for the input shapes its layers declare, as weights can only go into a built model.
    private static func requireBuilt(_ model: Model, source: String) throws {
        if !model.isBuilt, let shapes = model.expectedInputShapes { try model.build(inputShapes: shapes) }
        guard model.isBuilt else {
            throw DendriteError(.invalidFile, "\(source): the model's configuration gives no input shape, so its weights have nowhere to go")
        }
    }

    private static func assignKeras3Weights(_ file: HDF5File, to model: Model, configuration: JSONValue, source: String) throws {
        try requireBuilt(model, source: source)
        let paths = try Model.located(source) { try KerasWeightPaths.weights(of: model, configuration: configuration) }
        var values: [(Parameter, Tensor)] = []
        for (parameter, path) in paths {
            guard case .dataset(let dataset)? = try? file.root.object(at: path) else {
                throw DendriteError(.invalidFile, "\(source): weight '\(parameter.name)' is missing (expected a dataset at \(path))")
            }
            values.append((parameter, try dataset.tensor()))
        }
        if file.root.contains("layers") {
            let stored = try datasetCount(try file.root.group(named: "layers"))
            guard stored == paths.count else {
                throw DendriteError(.invalidFile, "\(source): holds \(stored) weights under layers/, the model has \(paths.count): the file is for another architecture")
            }
        }
        try assign(values, source: source)
    }

    private static func assignLegacyWeights(_ group: HDF5Group, to model: Model, source: String) throws {
        try requireBuilt(model, source: source)
        let configuration = JSONValue.object(KerasModelSchema.envelope(model.configuration))
        var values: [(Parameter, Tensor)] = []
        for (layer, entry) in try KerasWeightPaths.listedLayers(of: model, configuration: configuration) where !layer.parameters.isEmpty {
            let parameters = try KerasWeightPaths.orderedParameters(of: layer, configuration: entry)
            guard group.contains(layer.name) else {
                throw DendriteError(.invalidFile, "\(source): no weights for layer '\(layer.name)' (the file has \(group.children.joined(separator: ", ")))")
            }
            let layerGroup = try group.group(named: layer.name)
            let names = layerGroup.attribute(named: "weight_names")?.value.strings ?? []
            guard names.count == parameters.count else {
                throw DendriteError(.invalidFile, "\(source): layer '\(layer.name)' has \(names.count) weights in the file, the model's has \(parameters.count)")
            }
            for (parameter, name) in zip(parameters, names) {
                guard case .dataset(let dataset)? = try? layerGroup.object(at: name) else {
                    throw DendriteError(.invalidFile, "\(source): layer '\(layer.name)': weight '\(name)' is listed but missing")
                }
                values.append((parameter, try dataset.tensor()))
            }
        }
        try assign(values, source: source)
    }

    /// Checks every value against its weight's shape and for finite numbers, then sets them all.
    private static func assign(_ values: [(Parameter, Tensor)], source: String) throws {
        for (parameter, value) in values {
            guard value.shape == parameter.value.shape else {
                throw DendriteError(.invalidFile, "\(source): weight '\(parameter.name)' has shape \(value.shape) in the file, but the architecture needs \(parameter.value.shape)")
            }
            if let index = value.firstNonFiniteIndex {
                throw DendriteError(.invalidFile, "\(source): weight '\(parameter.name)' holds \(value.buffer[index]) at index \(index); weights must be finite numbers")
            }
        }
        for (parameter, value) in values { parameter.value = value }
    }

    private static func datasetCount(_ group: HDF5Group) throws -> Int {
        try group.children.reduce(0) { count, name in
            switch try group.object(named: name) {
            case .dataset: count + 1
            case .group(let child): count + (try datasetCount(child))
            }
        }
    }

    /// Compiles `model` as `compile_config` says, translating Keras' serialized optimizer and losses.
    static func compileIfConfigured(_ model: Model, _ configuration: JSONValue, source: String) throws {
        guard case .object(let top) = configuration, case .object(let settings)? = top["compile_config"] else { return }
        func plain(_ value: JSONValue) -> JSONValue {
            guard case .object(let fields) = value, case .string(let className)? = fields["class_name"] else { return value }
            var result: [String: JSONValue] = [:]
            if case .object(let config)? = fields["config"] { result = config.filter { !["name", "reduction", "dtype"].contains($0.key) } }
            result["name"] = .string(Model.snakeCase(className))
            return .object(result)
        }
        var optimizer = plain(settings["optimizer"] ?? "rmsprop")
        if case .object(var fields) = optimizer {
            // Keras names optimizers by their lower-cased class name (RMSprop → rmsprop, AdamW → adamw).
            if case .object(let raw)? = settings["optimizer"], case .string(let className)? = raw["class_name"] {
                fields["name"] = .string(className.lowercased())
            }
            // Keras' bookkeeping, not settings of the rule.
            for key in ["use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps"] {
                if fields[key] == .null || fields[key] == false || key == "ema_momentum" { fields[key] = nil }
            }
            optimizer = .object(fields)
        }
        var loss = settings["loss"] ?? .null
        if case .object(let byOutput) = loss, byOutput["class_name"] == nil {
            loss = .array(model.outputNames.map { byOutput[$0] ?? .null })
        }
        loss = if case .array(let list) = loss { .array(list.map(plain)) } else { plain(loss) }
        var metrics: [JSONValue] = []
        if case .array(let list)? = settings["metrics"] { metrics = list.map { if case .array(let inner) = $0 { .array(inner.map(plain)) } else { plain($0) } } }
        if case .array = loss, metrics.allSatisfy({ if case .array = $0 { false } else { true } }) {
            metrics = model.outputNames.map { _ in .array(metrics) }  // one list for every output
        }
        var lossWeights: [Float]?
        if case .array(let weights)? = settings["loss_weights"] {
            lossWeights = weights.compactMap { if case .number(let value) = $0 { Float(value) } else { nil } }
        }
        guard loss != .null else { return }
        let compile = CompileConfiguration(optimizer: optimizer, loss: loss, metrics: metrics, lossWeights: lossWeights)
        do { try compile.compile(model) } catch let error as DendriteError {
            throw DendriteError(.invalidFile, "\(source): compile_config cannot be used: \(error.message)")
        }
    }

    private static func json(_ bytes: [UInt8], source: String) throws -> JSONValue {
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw DendriteError(.invalidFile, "\(source): \(ModelConfiguration.describe(error, data: Data(bytes)))")
        }
    }

    // MARK: Writing

    /// Writes `model` as a `.keras` archive that Keras 3's `keras.saving.load_model` opens: its
    /// configuration and weights, and in `dendrite.json` (which Keras ignores) the settings a
    /// Dendrite model directory keeps: compile settings, class names, preprocessing. Keras gets no
    /// `compile_config`: compile the model again in Keras.
    static func saveArchive(_ model: Model, to url: URL) throws {
        let configuration = try savableConfiguration(of: model)
        var weights = HDF5Writer()
        for (parameter, path) in try KerasWeightPaths.weights(of: model, configuration: configuration) {
            try weights.createDataset(path, tensor: parameter.value)
        }
        try weights.createGroup("vars")
        try weights.setAttribute("name", .string(model.name), on: "vars")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let metadata: JSONValue = ["keras_version": .string(kerasVersion), "date_saved": .string(ISO8601DateFormatter().string(from: Date())),
                                   "saved_by": "Dendrite"]
        var zip = ZipWriter()
        try zip.add("metadata.json", data: Array(try encoder.encode(metadata)))
        try zip.add("config.json", data: Array(try encoder.encode(configuration)))
        try zip.add("model.weights.h5", data: try weights.bytes())
        // Dendrite's own settings (compile, class names, preprocessing), which Keras ignores.
        try zip.add("dendrite.json", data: Array(try model.makeConfiguration(completedEpochs: nil).encoded()))
        try AtomicFile.write(Data(try zip.bytes()), to: url)
    }

    /// Writes `model` as a Keras 2 whole-model `.h5` file, the layout Keras 3's `load_model` still
    /// reads: the `model_config` attribute (Keras 3's schema), and under `model_weights` one group
    /// per layer listing its `weight_names`. No optimizer state or training configuration.
    static func saveLegacy(_ model: Model, to url: URL) throws {
        let configuration = try savableConfiguration(of: model)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var file = HDF5Writer()
        let configText = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        for (name, value) in [("backend", "tensorflow"), ("keras_version", kerasVersion), ("model_config", configText)] {
            try file.setAttribute(name, .string(value))
        }
        try file.createGroup("model_weights")
        var names: [String] = []
        for (layer, entry) in try KerasWeightPaths.listedLayers(of: model, configuration: configuration) {
            names.append(layer.name)
            let group = "model_weights/\(layer.name)"
            try file.createGroup(group)
            let parameters = try KerasWeightPaths.orderedParameters(of: layer, configuration: entry)
            let weightNames = parameters.map { $0.name.replacingOccurrences(of: ".", with: "/") }
            for (parameter, weight) in zip(parameters, weightNames) {
                try file.createDataset("\(group)/\(weight)", tensor: parameter.value)
            }
            try file.setAttribute("weight_names", weightNames.isEmpty ? .floats([], shape: [0]) : .strings(weightNames, shape: [weightNames.count]), on: group)
        }
        try file.setAttribute("layer_names", .strings(names, shape: [names.count]), on: "model_weights")
        try file.setAttribute("backend", .string("tensorflow"), on: "model_weights")
        try file.setAttribute("keras_version", .string(kerasVersion), on: "model_weights")
        try AtomicFile.write(Data(try file.bytes()), to: url)
    }

    /// The model's configuration in Keras' envelope, for a built model that Keras can hold.
    private static func savableConfiguration(of model: Model) throws -> JSONValue {
        try model.requireSavable()
        guard model.isBuilt else { throw DendriteError.argument("save: \(model.name) is not built; build it or fit it first") }
        let configuration = JSONValue.object(KerasModelSchema.envelope(model.configuration))
        try requireKerasActivations(configuration, model: model)
        return configuration
    }

    /// Keras names an activation without settings; one whose settings differ from Keras' defaults
    /// (a leaky ReLU with slope 0.01) cannot be written for Keras.
    private static func requireKerasActivations(_ value: JSONValue, model: Model) throws {
        switch value {
        case .object(let fields):
            for (key, inner) in fields {
                if key.hasSuffix("activation"), case .object(let activation) = inner, case .string(let name)? = activation["name"] {
                    throw DendriteError.argument("save: \(model.name) uses the activation \(name) with settings \(inner.messageText), which a Keras "
                                                 + "file cannot hold (Keras names activations only with their default settings); use the matching layer (e.g. LeakyReLU) instead")
                }
                try requireKerasActivations(inner, model: model)
            }
        case .array(let items): for item in items { try requireKerasActivations(item, model: model) }
        default: break
        }
    }
}
