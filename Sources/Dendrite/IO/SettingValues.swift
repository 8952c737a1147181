import DendriteCore

// How initialisers and regularizers appear in `config.json`: a Keras name, or an object with the
// name and the parameters, e.g. "he_uniform", {"name": "constant", "value": 0.1}. Activations are
// read the same way, by ``ActivationRegistry``.

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
        default: throw problem("names an unknown initializer \(QuotedText.quoted(name))")
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
