import DendriteCore

/// An activation function as a value: a layer option (`Dense(8, activation: .relu)`) or a function
/// on its own (`Activation.relu(x)`). It wraps any ``ActivationFunction``, built-in
/// (`.relu`, `.leakyRelu(slope: 0.2)`, `.gelu(approximate: true)`, … one file each in this folder)
/// or your own (`Activation(Cube())`).
///
/// Two activations are equal when they have the same name and settings, so `activation == .relu`
/// is how a layer recognises a function it can fuse into its matrix product.
public struct Activation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The function itself.
    public let function: any ActivationFunction

    public init(_ function: any ActivationFunction) {
        self.function = function
    }

    /// Applies the function; those that normalise (softmax, log-softmax) do so along the last axis.
    public func callAsFunction(_ x: Tensor) -> Tensor { function(x) }

    /// Keras' name for the function (used in summaries and saved configurations).
    public var name: String { function.name }

    /// `"relu"`, as Keras writes an activation, when the function has its default settings;
    /// `{"name": …, <setting>: …}` for other settings (`{"name": "leaky_relu", "slope": 0.1}`),
    /// which Keras' activation names cannot carry.
    public var configuration: JSONValue {
        let settings = function.settings
        guard !settings.isEmpty, Activation(named: name).map({ $0.function.settings != settings }) ?? true else { return .string(name) }
        return .object(settings.merging(["name": .string(name)]) { _, name in name })
    }

    /// True when ``configuration`` is a plain name, which Keras can read.
    var isKerasName: Bool { if case .string = configuration { true } else { false } }

    /// Reads ``configuration`` through ``ActivationRegistry``; `problem` turns a complaint into an
    /// error naming the setting.
    init(configuration: JSONValue, problem: @escaping (String) -> DendriteError) throws {
        let (name, fields) = try namedObject(configuration, problem)
        self = try ActivationRegistry.makeActivation(
            ActivationConfiguration(name: name, settings: fields.filter { $0.key != "name" }, problem: problem))
    }

    /// The activation registered as `name` (Keras spelling, e.g. `leaky_relu`) with its default
    /// settings, or nil when no such activation is registered.
    public init?(named name: String) {
        guard let activation = try? ActivationRegistry.makeActivation(ActivationConfiguration(name: name)) else { return nil }
        self = activation
    }

    public static func == (lhs: Activation, rhs: Activation) -> Bool {
        lhs.name == rhs.name && lhs.function.settings == rhs.function.settings
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The name, with the settings when there are any: `leaky_relu(slope: 0.1)`.
    public var description: String {
        let settings = function.settings
        guard !settings.isEmpty else { return name }
        return "\(name)(\(settings.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.jsonText)" }.joined(separator: ", ")))"
    }
}
