import DendriteCore

// How initialisers and regularizers appear in `config.json`: as Keras 3 writes them, an object
// with the class and its settings,
// {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}.
// Read back are also Keras' short names ("he_uniform", "l2") and the {"name": …, <parameters>}
// objects of Dendrite's format 2. Activations are read by ``ActivationRegistry``.

extension Initializer {
    /// Keras' serialized initializer: `{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {…}}`.
    public var configuration: JSONValue {
        let (className, config): (String, [String: JSONValue]) = switch self {
        case .zeros: ("Zeros", [:])
        case .ones: ("Ones", [:])
        case .constant(let value): ("Constant", ["value": .float(value)])
        case .glorotUniform: ("GlorotUniform", ["seed": .null])
        case .glorotNormal: ("GlorotNormal", ["seed": .null])
        case .heUniform: ("HeUniform", ["seed": .null])
        case .heNormal: ("HeNormal", ["seed": .null])
        case .lecunUniform: ("LecunUniform", ["seed": .null])
        case .lecunNormal: ("LecunNormal", ["seed": .null])
        case .randomUniform(let low, let high): ("RandomUniform", ["minval": .float(low), "maxval": .float(high), "seed": .null])
        case .randomNormal(let mean, let deviation): ("RandomNormal", ["mean": .float(mean), "stddev": .float(deviation), "seed": .null])
        case .truncatedNormal(let mean, let deviation): ("TruncatedNormal", ["mean": .float(mean), "stddev": .float(deviation), "seed": .null])
        case .orthogonal(let gain): ("Orthogonal", ["gain": .float(gain), "seed": .null])
        }
        return kerasObject(module: "keras.initializers", className: className, config: config)
    }

    init(configuration: JSONValue, problem: (String) -> DendriteError) throws {
        let (name, parameters) = try kerasNamedObject(configuration, problem)
        func number(_ key: String, default fallback: Float) throws -> Float {
            guard let raw = parameters[key], raw != .null else { return fallback }
            return try LayerConfiguration.float(raw) { problem("'\(key)' \($0)") }
        }
        switch name {
        case "zeros", "zero": self = .zeros
        case "ones", "one": self = .ones
        case "constant": self = .constant(try number("value", default: 0))
        case "glorot_uniform": self = .glorotUniform
        case "glorot_normal": self = .glorotNormal
        case "he_uniform": self = .heUniform
        case "he_normal": self = .heNormal
        case "lecun_uniform": self = .lecunUniform
        case "lecun_normal": self = .lecunNormal
        case "random_uniform", "uniform":
            self = .randomUniform(low: try number("minval", default: -0.05), high: try number("maxval", default: 0.05))
        case "random_normal", "normal":
            self = .randomNormal(mean: try number("mean", default: 0), standardDeviation: try number("stddev", default: 0.05))
        case "truncated_normal":
            self = .truncatedNormal(mean: try number("mean", default: 0), standardDeviation: try number("stddev", default: 0.05))
        case "orthogonal", "orthogonal_initializer": self = .orthogonal(gain: try number("gain", default: 1))
        case "variance_scaling":
            self = try Self.varianceScaling(parameters, problem)
        default:
            throw problem("names the initializer \(QuotedText.quoted(name)), which Dendrite does not have (it has: zeros, ones, constant, "
                          + "glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, "
                          + "random_uniform, random_normal, truncated_normal, orthogonal, and variance_scaling as one of these)")
        }
    }

    /// Keras' `VarianceScaling` with the settings of one of the named initialisers it generalises.
    private static func varianceScaling(_ parameters: [String: JSONValue], _ problem: (String) -> DendriteError) throws -> Initializer {
        let scale: Double = if case .number(let value)? = parameters["scale"] { value } else { 1 }
        let mode: String = if case .string(let value)? = parameters["mode"] { value } else { "fan_in" }
        let distribution: String = if case .string(let value)? = parameters["distribution"] { value } else { "truncated_normal" }
        switch (scale, mode, distribution) {
        case (1, "fan_avg", "uniform"): return .glorotUniform
        case (1, "fan_avg", "truncated_normal"): return .glorotNormal
        case (2, "fan_in", "uniform"): return .heUniform
        case (2, "fan_in", "truncated_normal"): return .heNormal
        case (1, "fan_in", "uniform"): return .lecunUniform
        case (1, "fan_in", "truncated_normal"): return .lecunNormal
        default:
            throw problem("is VarianceScaling(scale: \(scale), mode: \(mode), distribution: \(distribution)), which is none of "
                          + "Dendrite's initialisers (glorot, he or lecun, uniform or truncated normal)")
        }
    }
}

extension Regularizer {
    /// Keras' serialized regularizer: `L1`, `L2` or `L1L2` with its factors.
    public var configuration: JSONValue {
        let (className, config): (String, [String: JSONValue]) = switch (l1, l2) {
        case (0, _): ("L2", ["l2": .float(l2)])
        case (_, 0): ("L1", ["l1": .float(l1)])
        default: ("L1L2", ["l1": .float(l1), "l2": .float(l2)])
        }
        return kerasObject(module: "keras.regularizers", className: className, config: config)
    }

    init(configuration: JSONValue, problem: (String) -> DendriteError) throws {
        let factors: [String: JSONValue]
        var name = "l1_l2"
        if case .object(let fields) = configuration, fields["class_name"] == nil, fields["name"] == nil {
            factors = fields  // Dendrite's format 2: {"l1": …, "l2": …}
        } else {
            (name, factors) = try kerasNamedObject(configuration, problem)
        }
        // Keras' short names ("l2") mean a factor of 0.01.
        let bare = factors.isEmpty
        func factor(_ key: String, _ applies: Bool) throws -> Float {
            guard applies else { return 0 }
            guard let raw = factors[key], raw != .null else { return bare ? 0.01 : 0 }
            return try LayerConfiguration.float(raw) { problem("'\(key)' \($0)") }
        }
        guard ["l1", "l2", "l1_l2", "l1l2"].contains(name) else {
            throw problem("names the regularizer \(QuotedText.quoted(name)), which Dendrite does not have (it has L1, L2 and L1L2)")
        }
        let l1 = try factor("l1", name != "l2")
        let l2 = try factor("l2", name != "l1")
        do { try self.init(l1: l1, l2: l2) } catch let error as DendriteError { throw problem(error.message) }
    }
}

/// Keras' envelope of a serialized object: `{"module", "class_name", "config", "registered_name": null}`.
func kerasObject(module: String, className: String, config: [String: JSONValue]) -> JSONValue {
    ["module": .string(module), "class_name": .string(className), "config": .object(config), "registered_name": .null]
}

/// A setting given as a name (`"he_uniform"`, `"HeUniform"`), as Keras' object
/// (`{"class_name": "HeUniform", "config": {…}}`) or as Dendrite's `{"name": "…", <parameters>}`:
/// the name in snake case and the parameters.
func kerasNamedObject(_ value: JSONValue, _ problem: (String) -> DendriteError) throws -> (String, [String: JSONValue]) {
    if case .object(let fields) = value, case .string(let className)? = fields["class_name"] {
        var parameters: [String: JSONValue] = [:]
        if let config = fields["config"], config != .null {
            guard case .object(let values) = config else { throw problem("'config' must be an object, got \(config.messageText)") }
            parameters = values
        }
        return (Model.snakeCase(className), parameters)
    }
    let (name, fields) = try namedObject(value, problem)
    // A class name given as a string ("HeUniform") reads as its snake-case name; anything else as written.
    let className = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    return (className ? Model.snakeCase(name) : name, fields.filter { $0.key != "name" })
}

/// A setting given as `"name"` or as `{"name": "…", <parameters>}`.
func namedObject(_ value: JSONValue, _ problem: (String) -> DendriteError) throws -> (String, [String: JSONValue]) {
    switch value {
    case .string(let name): return (name, [:])
    case .object(let fields):
        guard case .string(let name)? = fields["name"] else { throw problem("needs a \"name\", got \(value.messageText)") }
        return (name, fields)
    default: throw problem("must be a name or an object with a \"name\", got \(value.messageText)")
    }
}
