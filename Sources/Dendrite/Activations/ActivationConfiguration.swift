import DendriteCore

/// An activation as `config.json` describes it: its registered name and its settings, read back by
/// the function's `init(configuration:)` with the typed accessors below. A missing key takes the
/// default the function gives; a wrong one throws a ``DendriteError`` (`.invalidFile`) naming the
/// setting, e.g. `layer 'dense' (Dense): setting 'activation' 'alpha' must be a number, got "big"`.
public struct ActivationConfiguration: SettingsReader {
    /// The key in ``ActivationRegistry`` (`elu`).
    public let name: String
    /// The parameters, Keras' keys (`["alpha": 0.5]`); empty for a bare name.
    public let settings: [String: JSONValue]
    /// Turns a complaint into an error that says where the activation sits (the layer and key).
    let report: (String) -> DendriteError

    /// A configuration on its own; its errors name the activation.
    public init(name: String, settings: [String: JSONValue] = [:]) {
        self.init(name: name, settings: settings) { DendriteError(.invalidFile, "activation '\(name)': \($0)") }
    }

    init(name: String, settings: [String: JSONValue], problem: @escaping (String) -> DendriteError) {
        self.name = name
        self.settings = settings
        report = problem
    }

    /// The error for a bad setting `key`: `'key' <message>`.
    public func problem(_ key: String, _ message: String) -> DendriteError { report("'\(key)' \(message)") }
}
