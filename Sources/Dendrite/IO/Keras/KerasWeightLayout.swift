import DendriteCore

/// Where Keras 3 keeps a layer's weights inside its group of a `.weights.h5` file (Keras'
/// `save_own_variables`, then each tracked sub-layer under its attribute name): for a `Dense`,
/// `vars/0` (kernel) and `vars/1` (bias); for an `LSTM`, `cell/vars/0…2`; for a
/// `MultiHeadAttention`, `query_dense/vars/0`, …. One path per entry of ``GraphLayer/parameters``,
/// in the same order.
///
/// Layers whose weights all belong to the layer itself need nothing: their paths are `vars/<i>`.
/// A layer that keeps weights in sub-layers, as Keras does, adopts this protocol.
public protocol KerasWeightLayout: GraphLayer {
    var kerasWeightPaths: [String] { get }
}

enum KerasWeightPaths {
    /// The paths of `layer`'s weights inside its group, refusing a layer built of sub-layers
    /// whose Keras layout Dendrite does not know.
    static func paths(of layer: any GraphLayer) throws -> [String] {
        if let layout = layer as? any KerasWeightLayout { return layout.kerasWeightPaths }
        if let composite = layer as? any CompositeLayer, composite.sublayers.contains(where: { !$0.parameters.isEmpty }) {
            throw DendriteError(.invalidFile, "layer '\(layer.name)' (\(layer.typeName)): Dendrite does not know where Keras keeps its weights")
        }
        return ownVariables(layer.parameters.count)
    }

    /// The paths of a sub-layer's weights, under `prefix` (its attribute in the owning layer).
    static func nested(_ layer: any GraphLayer, under prefix: String) -> [String] {
        ((layer as? any KerasWeightLayout)?.kerasWeightPaths ?? ownVariables(layer.parameters.count)).map { prefix + $0 }
    }

    /// `vars/0`, `vars/1`, …: the weights a layer owns itself.
    static func ownVariables(_ count: Int, under prefix: String = "") -> [String] {
        (0..<count).map { "\(prefix)vars/\($0)" }
    }

    /// Keras' group name of each layer of a model's configuration: the class name in snake case,
    /// numbered from the second of a class on (`dense`, `dense_1`), in the configuration's order
    /// (Keras' `model.layers`, which leaves out a sequential model's input layer).
    static func groupNames(_ layers: [(name: String, type: String)]) -> [String: String] {
        var used: [String: Int] = [:]
        var groups: [String: String] = [:]
        for layer in layers where groups[layer.name] == nil {
            let base = Model.snakeCase(layer.type)
            let count = used[base, default: 0]
            used[base] = count + 1
            groups[layer.name] = count == 0 ? base : "\(base)_\(count)"
        }
        return groups
    }

    /// The layers of `model` in the order its Keras configuration lists them (Keras' `model.layers`:
    /// a sequential model's input layer left out).
    static func listedLayers(of model: Model, configuration: JSONValue) throws -> [(layer: any GraphLayer, entry: JSONValue)] {
        let layers = Dictionary(model.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return try listedEntries(of: model, configuration: configuration).compactMap { name, _, entry in layers[name].map { ($0, entry) } }
    }

    /// The layer entries of a model configuration in Keras' `model.layers` order (a sequential
    /// model's input layer left out): each layer's name, class and whole entry.
    static func listedEntries(of model: Model, configuration: JSONValue) throws -> [(name: String, type: String, entry: JSONValue)] {
        guard case .object(let envelope) = configuration, case .object(let settings)? = envelope["config"],
              case .array(let entries)? = settings["layers"] else {
            throw DendriteError(.invalidFile, "model '\(model.name)': its configuration has no list of layers")
        }
        let sequential = envelope["class_name"] == "Sequential"
        return entries.compactMap { entry in
            guard case .object(let fields) = entry, case .string(let type)? = fields["class_name"],
                  case .object(let config)? = fields["config"], case .string(let name)? = config["name"],
                  !(sequential && type == "InputLayer") else { return nil }
            return (name, type, entry)
        }
    }

    /// A layer's weights in Keras' order: a nested model's are its layers' in Keras' order.
    static func orderedParameters(of layer: any GraphLayer, configuration: JSONValue) throws -> [Parameter] {
        guard let model = layer as? Model else { return layer.parameters }
        return try listedLayers(of: model, configuration: configuration).flatMap { try orderedParameters(of: $0.layer, configuration: $0.entry) }
    }

    /// Every weight of `model` with its path in a Keras 3 weights file, found through the model's
    /// Keras configuration `configuration` (`{"class_name", "config": {"layers": […]}}`), so that
    /// the groups are named in the order Keras names them.
    static func weights(of model: Model, configuration: JSONValue, prefix: String = "") throws -> [(Parameter, String)] {
        let listed = try listedEntries(of: model, configuration: configuration)
        let groups = groupNames(listed.map { ($0.name, $0.type) })
        let layers = Dictionary(model.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [(Parameter, String)] = []
        for (name, _, entry) in listed {
            guard let layer = layers[name], let group = groups[name] else {
                throw DendriteError(.invalidFile, "model '\(model.name)': its configuration names the layer '\(name)', which the model does not have")
            }
            let path = "\(prefix)layers/\(group)/"
            if let nested = layer as? Model {
                result += try weights(of: nested, configuration: entry, prefix: path)
                continue
            }
            result += zip(layer.parameters, try paths(of: layer)).map { ($0, path + $1) }
        }
        return result
    }
}
