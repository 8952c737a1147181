import DendriteCore

/// Everything needed to rebuild a layer (Keras' `get_config`): its type, its name, whether it is
/// trainable, and its settings as JSON, e.g. for `Dense(8, activation: .leakyRelu(slope: 0.2))`:
///
/// ```json
/// {"type": "Dense", "name": "dense_1", "trainable": true,
///  "settings": {"units": 8, "activation": "relu", "use_bias": true,
///               "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", …},
///               "bias_initializer": {…, "class_name": "Zeros", …},
///               "kernel_regularizer": null, "bias_regularizer": null, "input_shape": null}}
/// ```
///
/// In `config.json` it is written in Keras' envelope (``KerasModelSchema``).
///
/// A layer reads its settings back with the typed accessors (``int(_:)``, ``activation(_:)``, …),
/// which throw ``DendriteError`` (`.invalidFile`) naming the layer, the setting and what was
/// expected. ``LayerRegistry`` maps `type` to the layer's `init(configuration:)`.
public struct LayerConfiguration: Codable, Sendable, Equatable {
    /// Keras' class name, e.g. `Dense` (the key in ``LayerRegistry``).
    public var type: String
    public var name: String
    public var trainable: Bool
    public var settings: [String: JSONValue]

    public init(type: String, name: String, trainable: Bool = true, settings: [String: JSONValue] = [:]) {
        self.type = type
        self.name = name
        self.trainable = trainable
        self.settings = settings
    }

    /// The setting `key`; a missing key is an error.
    public func value(_ key: String) throws -> JSONValue {
        guard let value = settings[key] else { throw problem(key, "is missing") }
        return value
    }

    /// An integer setting. Sizes, axes and counts are Keras' 32-bit integers, so a value outside
    /// ±2³¹ is refused here, which keeps the size arithmetic of every layer within `Int`.
    public func int(_ key: String) throws -> Int {
        guard case .number(let number) = try value(key), let integer = Int(exactly: number) else {
            throw problem(key, "must be an integer, got \(try value(key).messageText)")
        }
        return try Self.setting(integer) { problem(key, $0) }
    }

    /// `integer`, if within ±(2³¹ − 1).
    static func setting(_ integer: Int, _ problem: (String) -> DendriteError) throws -> Int {
        guard integer.magnitude <= Int32.max else {
            throw problem("\(integer) is out of range: settings are integers from -\(Int32.max) to \(Int32.max)")
        }
        return integer
    }

    public func float(_ key: String) throws -> Float { try LayerConfiguration.float(value(key)) { problem(key, $0) } }

    /// A number kept in double precision (BatchNormalization's momentum, as Keras' Python float).
    public func double(_ key: String) throws -> Double {
        guard case .number(let number) = try value(key) else { throw problem(key, "must be a number, got \(try value(key).messageText)") }
        return number
    }

    public func string(_ key: String) throws -> String {
        guard case .string(let text) = try value(key) else { throw problem(key, "must be a string, got \(try value(key).messageText)") }
        return text
    }

    public func bool(_ key: String) throws -> Bool {
        guard case .bool(let flag) = try value(key) else { throw problem(key, "must be true or false, got \(try value(key).messageText)") }
        return flag
    }

    /// An array of integers, or nil for JSON `null` or a missing key.
    public func shape(_ key: String) throws -> [Int]? {
        guard let raw = settings[key], raw != .null else { return nil }
        guard case .array(let items) = raw else { throw problem(key, "must be an array of integers, got \(raw.messageText)") }
        return try items.map { item in
            guard case .number(let number) = item, let size = Int(exactly: number), size > 0 else {
                throw problem(key, "must be an array of positive integers, got \(raw.messageText)")
            }
            return try Self.setting(size) { problem(key, $0) }
        }
    }

    /// An array of integers of any sign; with `count`, exactly that many, where one integer stands,
    /// as Keras accepts, for the same value on every axis (`3` for `[3, 3]`).
    public func integers(_ key: String, count: Int? = nil) throws -> [Int] {
        let raw = try value(key)
        let expected = count.map { "an integer or an array of \($0) integers" } ?? "an array of integers"
        if let count, case .number(let number) = raw, let integer = Int(exactly: number) {
            return Array(repeating: try Self.setting(integer) { problem(key, $0) }, count: count)
        }
        guard case .array(let items) = raw, count == nil || items.count == count else {
            throw problem(key, "must be \(expected), got \(raw.messageText)")
        }
        return try items.map { item in
            guard case .number(let number) = item, let integer = Int(exactly: number) else {
                throw problem(key, "must be \(expected), got \(raw.messageText)")
            }
            return try Self.setting(integer) { problem(key, $0) }
        }
    }

    /// `"valid` or `"same"`.
    public func padding(_ key: String) throws -> Padding {
        let text = try string(key)
        guard let padding = Padding(rawValue: text) else { throw problem(key, "must be \"valid\" or \"same\", got \"\(text)\"") }
        return padding
    }

    public func activation(_ key: String) throws -> Activation {
        try Activation(configuration: value(key)) { problem(key, $0) }
    }

    public func initializer(_ key: String) throws -> Initializer {
        try Initializer(configuration: value(key)) { problem(key, $0) }
    }

    /// A regularizer, or nil for JSON `null` or a missing key.
    public func regularizer(_ key: String) throws -> Regularizer? {
        guard let raw = settings[key], raw != .null else { return nil }
        return try Regularizer(configuration: raw) { problem(key, $0) }
    }

    /// The configuration of a wrapped layer, nested in Keras' envelope (``json``) or in
    /// Dendrite's format-2 form `{"type", "name", "trainable", "settings"}`; rebuild the layer with
    /// ``LayerRegistry/makeLayer(_:)``.
    public func layer(_ key: String) throws -> LayerConfiguration {
        let raw = try value(key)
        guard case .object(let fields) = raw else {
            throw problem(key, "must be a layer configuration {\"class_name\": …, \"config\": {\"name\": …, …}}, got \(raw.messageText)")
        }
        if fields["class_name"] != nil { return try KerasModelSchema.layerConfiguration(raw) { problem(key, $0) } }
        guard case .string(let type)? = fields["type"], case .string(let name)? = fields["name"] else {
            throw problem(key, "must be a layer configuration {\"class_name\": …, \"config\": {\"name\": …, …}}, got \(raw.messageText)")
        }
        var trainable = true
        if let flag = fields["trainable"] {
            guard case .bool(let value) = flag else { throw problem(key, "'trainable' must be true or false, got \(flag.messageText)") }
            trainable = value
        }
        var settings: [String: JSONValue] = [:]
        if let nested = fields["settings"] {
            guard case .object(let values) = nested else { throw problem(key, "'settings' must be an object, got \(nested.messageText)") }
            settings = values
        }
        return LayerConfiguration(type: type, name: name, trainable: trainable, settings: settings)
    }

    /// The configuration as one JSON object in Keras' envelope, the form a wrapper layer nests
    /// it in (read back by ``layer(_:)``).
    public var json: JSONValue { .object(KerasModelSchema.envelope(self)) }

    /// An error naming this layer and one of its settings.
    public func problem(_ key: String, _ message: String) -> DendriteError {
        DendriteError(.invalidFile, "layer '\(name)' (\(type)): setting '\(key)' \(message)")
    }

    static func float(_ value: JSONValue, _ problem: (String) -> DendriteError) throws -> Float {
        guard case .number(let number) = value else { throw problem("must be a number, got \(value.messageText)") }
        // Float(1e39) is infinity, which would turn every output into NaN or infinity.
        guard Float(number).isFinite else {
            throw problem("\(number) does not fit a Float (largest magnitude \(Float.greatestFiniteMagnitude))")
        }
        return Float(number)
    }
}

/// A layer setting added after files were written (`mask_zero`, `stateful`, …) reads with its default.
extension LayerConfiguration: SettingsReader {}
