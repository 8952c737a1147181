import DendriteCore

// How activations, initialisers and regularizers appear in `config.json`: a Keras name, or an
// object with the name and the parameters, e.g. "relu", {"name": "leaky_relu", "slope": 0.2}.

extension Activation {
    /// `"relu"`, or `{"name": …, <parameter>: …}` for the parameterised functions.
    public var configuration: JSONValue {
        switch self {
        case .leakyRelu(let slope): ["name": .string(name), "slope": .float(slope)]
        case .elu(let alpha): ["name": .string(name), "alpha": .float(alpha)]
        case .gelu(let approximate): ["name": .string(name), "approximate": .bool(approximate)]
        default: .string(name)
        }
    }

    /// Reads ``configuration``; `problem` turns a complaint into an error naming the setting.
    init(configuration: JSONValue, problem: (String) -> DendriteError) throws {
        let (name, parameters) = try namedObject(configuration, problem)
        guard let base = Activation(named: name) else { throw problem("names an unknown activation '\(name)'") }
        func number(_ key: String, default value: Float) throws -> Float {
            try parameters[key].map { try LayerConfiguration.float($0) { problem("'\(key)' \($0)") } } ?? value
        }
        switch base {
        case .leakyRelu(let slope): self = .leakyRelu(slope: try number("slope", default: slope))
        case .elu(let alpha): self = .elu(alpha: try number("alpha", default: alpha))
        case .gelu:
            guard let raw = parameters["approximate"] else { self = base; return }
            guard case .bool(let flag) = raw else { throw problem("'approximate' must be true or false, got \(raw.messageText)") }
            self = .gelu(approximate: flag)
        default: self = base
        }
    }
}

extension Initializer {
    /// Keras' name (`"glorot_uniform"`), or an object for the parameterised initialisers.
    public var configuration: JSONValue {
        switch self {
        case .zeros: "zeros"
        case .ones: "ones"
        case .constant(let value): ["name": "constant", "value": .float(value)]
        case .glorotUniform: "glorot_uniform"
        case .glorotNormal: "glorot_normal"
        case .heUniform: "he_uniform"
        case .heNormal: "he_normal"
        case .lecunUniform: "lecun_uniform"
        case .lecunNormal: "lecun_normal"
        case .randomUniform(let low, let high): ["name": "random_uniform", "minval": .float(low), "maxval": .float(high)]
        case .randomNormal(let mean, let deviation): ["name": "random_normal", "mean": .float(mean), "stddev": .float(deviation)]
        case .orthogonal(let gain): ["name": "orthogonal", "gain": .float(gain)]
        }
    }

    init(configuration: JSONValue, problem: (String) -> DendriteError) throws {
        let (name, parameters) = try namedObject(configuration, problem)
        func number(_ key: String) throws -> Float {
            guard let raw = parameters[key] else { throw problem("'\(name)' needs '\(key)'") }
            return try LayerConfiguration.float(raw) { problem("'\(key)' \($0)") }
        }
        switch name {
        case "zeros": self = .zeros
        case "ones": self = .ones
        case "constant": self = .constant(try number("value"))
        case "glorot_uniform": self = .glorotUniform
        case "glorot_normal": self = .glorotNormal
        case "he_uniform": self = .heUniform
        case "he_normal": self = .heNormal
        case "lecun_uniform": self = .lecunUniform
        case "lecun_normal": self = .lecunNormal
        case "random_uniform": self = .randomUniform(low: try number("minval"), high: try number("maxval"))
        case "random_normal": self = .randomNormal(mean: try number("mean"), standardDeviation: try number("stddev"))
        // Keras writes the gain; a bare "orthogonal" means its default, 1.
        case "orthogonal": self = .orthogonal(gain: parameters["gain"] == nil ? 1 : try number("gain"))
        default: throw problem("names an unknown initializer '\(name)'")
        }
    }
}

extension Regularizer {
    /// `{"l1": …, "l2": …}`.
    public var configuration: JSONValue { ["l1": .float(l1), "l2": .float(l2)] }

    init(configuration: JSONValue, problem: (String) -> DendriteError) throws {
        guard case .object(let factors) = configuration else {
            throw problem("must be null or {\"l1\": number, \"l2\": number}, got \(configuration.messageText)")
        }
        let l1 = try factors["l1"].map { try LayerConfiguration.float($0) { problem("'l1' \($0)") } } ?? 0
        let l2 = try factors["l2"].map { try LayerConfiguration.float($0) { problem("'l2' \($0)") } } ?? 0
        do { try self.init(l1: l1, l2: l2) } catch let error as DendriteError { throw problem(error.message) }
    }
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
