import DendriteCore

/// Models and layers in Keras 3's `config.json` schema, so that a model's configuration reads like
/// the one Keras writes for it:
///
/// ```json
/// {"module": "keras.layers", "class_name": "Dense", "registered_name": null,
///  "config": {"name": "dense", "trainable": true, "units": 8, …},
///  "name": "dense", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
///      "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["input_layer", 0, 0]}}],
///    "kwargs": {}}]}
/// ```
///
/// A functional model's settings hold `layers` (each with the `inbound_nodes` of its calls),
/// `input_layers` and `output_layers` (`[layer name, node index, tensor index]`); a sequential
/// model's hold `layers` in order. Nested models nest the same way.
enum KerasModelSchema {
    /// Layers that KerasHub defines (Python needs `import keras_hub` to read them).
    static let kerasHubLayers: Set<String> = ["PositionEmbedding", "SinePositionEncoding", "TokenAndPositionEmbedding",
                                              "TransformerEncoder", "TransformerDecoder"]

    /// The Keras envelope of a layer configuration.
    static func envelope(_ layer: LayerConfiguration) -> [String: JSONValue] {
        var config = layer.settings
        config["name"] = .string(layer.name)
        config["trainable"] = .bool(layer.trainable)
        // Keras finds its functional model class by this module and registered name.
        switch layer.type {
        case "Functional":
            return ["module": "keras.src.models.functional", "class_name": "Functional", "config": .object(config),
                    "registered_name": "Functional"]
        case "Sequential":
            return ["module": "keras", "class_name": "Sequential", "config": .object(config), "registered_name": .null]
        case _ where kerasHubLayers.contains(layer.type):
            return ["module": .string("keras_hub.src.layers.modeling.\(Model.snakeCase(layer.type))"), "class_name": .string(layer.type),
                    "config": .object(config), "registered_name": .string("keras_hub>\(layer.type)")]
        default:
            return ["module": "keras.layers", "class_name": .string(layer.type), "config": .object(config), "registered_name": .null]
        }
    }

    /// A layer configuration from its Keras envelope; `problem` words the error for `what`.
    static func layerConfiguration(_ raw: JSONValue, _ problem: (String) -> DendriteError) throws -> LayerConfiguration {
        guard case .object(let fields) = raw, case .string(let type)? = fields["class_name"],
              case .object(var config)? = fields["config"], case .string(let name)? = config["name"] else {
            throw problem("a layer must be {\"class_name\": …, \"config\": {\"name\": …, …}}, got \(raw.messageText.prefix(200))")
        }
        var trainable = true
        if let flag = config["trainable"] {
            guard case .bool(let value) = flag else { throw problem("layer '\(name)': 'trainable' must be true or false, got \(flag.messageText)") }
            trainable = value
        }
        config["name"] = nil
        config["trainable"] = nil
        // Keras 3 writes `batch_shape`, Keras 2 `batch_input_shape`.
        if type == "InputLayer", config["shape"] == nil,
           case .array(let batchShape)? = config["batch_shape"] ?? config["batch_input_shape"] {
            config["shape"] = .array(Array(batchShape.dropFirst()))
        }
        return LayerConfiguration(type: type, name: name, trainable: trainable, settings: config)
    }

    static func shapeJSON(_ shape: [Int]) -> JSONValue { .array([.null] + shape.map(JSONValue.int)) }

    // MARK: Functional

    /// The settings of a functional model: its layers with their calls, its inputs and outputs.
    static func functionalSettings(_ graph: Graph) -> [String: JSONValue] {
        // Every symbolic tensor as Keras names it: [layer, call of that layer, output of that call].
        var history: [Int: JSONValue] = [:]
        for (index, input) in graph.inputs.enumerated() { history[index] = [.string(input.name), .int(0), .int(0)] }
        var calls: [ObjectIdentifier: [JSONValue]] = [:]
        for step in graph.steps {
            let key = ObjectIdentifier(step.layer)
            let nodeIndex = calls[key, default: []].count
            for (outputIndex, slot) in step.results.enumerated() {
                history[slot] = [.string(step.layer.name), .int(nodeIndex), .int(outputIndex)]
            }
            let tensors: [JSONValue] = zip(step.arguments, step.inputShapes).map { slot, shape in
                ["class_name": "__keras_tensor__",
                 "config": ["shape": shapeJSON(shape), "dtype": "float32", "keras_history": history[slot]!]]
            }
            let settings = step.layer.configuration.settings
            calls[key, default: []].append(CallArguments.node(tensors, type: step.layer.typeName, settings: settings))
        }
        let layers: [JSONValue] = KerasLayerOrder.layers(of: graph).map { layer in
            var configuration = layer.configuration
            configuration.settings = CallArguments.removingCallSettings(configuration.settings)
            var entry = envelope(configuration)
            if let input = layer as? Input {
                entry["config"] = ["name": .string(input.name), "batch_shape": shapeJSON(input.shape), "dtype": "float32",
                                   "sparse": false]
            }
            entry["name"] = .string(layer.name)
            entry["inbound_nodes"] = .array(calls[ObjectIdentifier(layer)] ?? [])
            return .object(entry)
        }
        return ["layers": .array(layers), "input_layers": .array(graph.inputs.indices.map { history[$0]! }),
                "output_layers": .array(graph.outputSlots.map { history[$0]! })]
    }

    /// The inputs and outputs of a functional model rebuilt from its settings: every layer made
    /// from its configuration, then called on the tensors its `inbound_nodes` name, in an order
    /// where each call's inputs exist. Returns each layer with its saved `trainable` flag.
    static func graphTensors(_ configuration: LayerConfiguration) throws
        -> (inputs: [Input], outputs: [SymbolicTensor], trainable: [(any GraphLayer, Bool)]) {
        let problem = { (message: String) in configuration.problem("layers", message) }
        guard case .array(let entries) = try configuration.value("layers") else { throw problem("must be an array of layers") }
        var layers: [(layer: any GraphLayer, calls: [JSONValue], trainable: Bool)] = []
        var byName: [String: any GraphLayer] = [:]
        for entry in entries {
            var layerConfiguration = try layerConfiguration(entry, problem)
            guard byName[layerConfiguration.name] == nil else { throw problem("two layers are named '\(layerConfiguration.name)'") }
            var calls: [JSONValue] = []
            if case .object(let fields) = entry, let nodes = fields["inbound_nodes"] {
                guard case .array(let list) = nodes else { throw problem("'\(layerConfiguration.name)': inbound_nodes must be an array") }
                calls = list
            }
            // Keras' call arguments (use_causal_mask=True, an attention_mask) are settings of Dendrite's layer.
            layerConfiguration.settings.merge(try CallArguments.settings(of: calls, layer: layerConfiguration.name, problem)) { $1 }
            let layer = try LayerRegistry.makeLayer(layerConfiguration)
            byName[layerConfiguration.name] = layer
            layers.append((layer, calls, layerConfiguration.trainable))
        }
        var tensors: [String: SymbolicTensor] = [:]  // "layer/node/index"
        for (name, layer) in byName { if let input = layer as? Input { tensors["\(name)/0/0"] = input } }
        func reference(_ raw: JSONValue) throws -> String {
            var history = raw
            if case .object(let tensor) = raw, case .object(let config)? = tensor["config"], let keras = config["keras_history"] {
                history = keras
            }
            guard case .array(let parts) = history, parts.count == 3, case .string(let layer) = parts[0],
                  case .number(let node) = parts[1], case .number(let index) = parts[2] else {
                throw problem("a tensor reference must be [layer, node, index], got \(raw.messageText.prefix(200))")
            }
            guard byName[layer] != nil else { throw problem("a tensor reference names the unknown layer '\(layer)'") }
            return "\(layer)/\(Int(node))/\(Int(index))"
        }
        func arguments(_ call: JSONValue) throws -> [String] {
            try CallArguments.tensors(of: call, problem).map(reference)
        }
        var done = Array(repeating: 0, count: layers.count)  // calls made per layer
        var progress = true
        while progress {
            progress = false
            for (index, entry) in layers.enumerated() where done[index] < entry.calls.count {
                let names = try arguments(entry.calls[done[index]])
                let inputs = names.compactMap { tensors[$0] }
                guard inputs.count == names.count else { continue }
                let outputs = try entry.layer.symbolicOutputs(inputs)
                for (outputIndex, output) in outputs.enumerated() { tensors["\(entry.layer.name)/\(done[index])/\(outputIndex)"] = output }
                done[index] += 1
                progress = true
            }
        }
        if let stuck = layers.indices.first(where: { done[$0] < layers[$0].calls.count }) {
            throw problem("the call \(done[stuck]) of layer '\(layers[stuck].layer.name)' uses tensors that no layer makes")
        }
        func endpoints(_ key: String) throws -> [SymbolicTensor] {
            guard case .array(var list) = try configuration.value(key) else { throw configuration.problem(key, "must be an array") }
            // Keras writes one endpoint as the reference itself: ["tokens", 0, 0].
            if case .string? = list.first { list = [.array(list)] }
            return try list.map { raw in
                guard let tensor = tensors[try reference(raw)] else { throw configuration.problem(key, "names a tensor no layer makes: \(raw.messageText)") }
                return tensor
            }
        }
        let inputs = try endpoints("input_layers").map { tensor in
            guard let input = tensor as? Input else { throw configuration.problem("input_layers", "must name InputLayer layers") }
            return input
        }
        return (inputs, try endpoints("output_layers"), layers.map { ($0.layer, $0.trainable) })
    }

    /// The input shapes a subclassed model recorded (`build_input_shapes`: `[[null, …], …]`), if any.
    static func buildInputShapes(_ configuration: LayerConfiguration) throws -> [[Int]]? {
        guard case .array(let shapes)? = configuration.settings["build_input_shapes"] else { return nil }
        return try shapes.map { raw in
            guard case .array(let dimensions) = raw, !dimensions.isEmpty else {
                throw configuration.problem("build_input_shapes", "must be a list of [null, sizes…], got \(raw.messageText)")
            }
            return try dimensions.dropFirst().map { dimension in
                guard case .number(let size) = dimension, let integer = Int(exactly: size), integer > 0 else {
                    throw configuration.problem("build_input_shapes", "must hold positive sizes, got \(raw.messageText)")
                }
                return integer
            }
        }
    }

    // MARK: Sequential

    /// The settings of a sequential model: its layers in order and the sample shape it was built for.
    static func sequentialSettings(_ layers: [any GraphLayer], inputShape: [Int]?) -> [String: JSONValue] {
        ["layers": .array(layers.map { .object(envelope($0.configuration)) }),
         "build_input_shape": inputShape.map(shapeJSON) ?? .null]
    }

    /// The layers of a sequential model, with their saved `trainable` flags, and its built sample shape.
    static func sequentialLayers(_ configuration: LayerConfiguration) throws
        -> (layers: [(any GraphLayer, Bool)], inputShape: [Int]?) {
        let problem = { (message: String) in configuration.problem("layers", message) }
        guard case .array(let entries) = try configuration.value("layers") else { throw problem("must be an array of layers") }
        let layers = try entries.map { entry in
            let layerConfiguration = try layerConfiguration(entry, problem)
            return (try LayerRegistry.makeLayer(layerConfiguration), layerConfiguration.trainable)
        }
        var inputShape: [Int]?
        if case .array(let dimensions)? = configuration.settings["build_input_shape"] {
            inputShape = try dimensions.dropFirst().map { dimension in
                guard case .number(let size) = dimension, let integer = Int(exactly: size), integer > 0 else {
                    throw configuration.problem("build_input_shape", "must be [null, positive integers…], got \(JSONValue.array(dimensions).messageText)")
                }
                return integer
            }
        }
        return (layers, inputShape)
    }
}

extension Model {
    /// A functional model rebuilt from its configuration, its initial weights drawn from `seed`.
    convenience init(functionalConfiguration configuration: LayerConfiguration, seed: UInt64 = 0) throws {
        let (inputs, outputs, flags) = try KerasModelSchema.graphTensors(configuration)
        try self.init(inputs: inputs, outputs: outputs, name: configuration.name, seed: seed)
        for (layer, trainable) in flags { layer.trainable = trainable }
    }
}

extension Sequential {
    /// A sequential model rebuilt from its configuration (built when it records its input shape).
    convenience init(sequentialConfiguration configuration: LayerConfiguration, seed: UInt64 = 0) throws {
        let (layers, inputShape) = try KerasModelSchema.sequentialLayers(configuration)
        self.init(layers.map(\.0), seed: seed, name: configuration.name)
        if let inputShape { try build(inputShape: inputShape) }
        for (layer, trainable) in layers { layer.trainable = trainable }
    }
}
