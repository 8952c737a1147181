import Foundation

/// A loss's or a metric's entry in `config.json`: its Keras name and the other keys of its object
/// (`{"name": "huber", "delta": 0.5}`, or just `"mse"`). The decoders registered in ``LossRegistry``
/// and ``MetricRegistry`` read their settings from it; a missing key takes the default, as Keras'
/// `from_config` does, and a key of the wrong type throws naming it.
public struct SavedSettings: SettingsReader, Sendable {
    public let name: String
    public let settings: [String: JSONValue]
    /// The family (`loss`, `metrics`) named in error messages.
    let setting: String

    init(_ value: JSONValue, setting: String) throws {
        self.setting = setting
        (name, settings) = try namedObject(value, SavedSettings.problem(setting))
    }

    static func problem(_ setting: String) -> (String) -> DendriteError {
        { DendriteError(.invalidFile, "compile setting '\(setting)' \($0)") }
    }

    /// An error naming the setting and the key, e.g. "compile setting 'loss' 'delta' must be a number".
    public func problem(_ key: String, _ complaint: String) -> DendriteError { invalid("'\(key)' \(complaint)") }

    /// An error naming the setting: "compile setting 'loss' <complaint>".
    func invalid(_ complaint: String) -> DendriteError { SavedSettings.problem(setting)(complaint) }
}

/// Names mapped to decoders, safe to read and extend from any thread; the shared part of
/// ``LossRegistry`` and ``MetricRegistry``.
final class NameRegistry<Member>: @unchecked Sendable {
    typealias Decoder = @Sendable (SavedSettings) throws -> Member
    private let lock = NSLock()
    private var decoders: [String: Decoder]

    init(_ decoders: [String: Decoder]) { self.decoders = decoders }

    func register(_ name: String, _ decoder: @escaping Decoder) { lock.withLock { decoders[name] = decoder } }

    var names: [String] { lock.withLock { decoders.keys.sorted() } }

    /// The member a saved entry describes; `family` (`loss`, `metric`) names it in errors.
    func make(_ settings: SavedSettings, family: String) throws -> Member {
        guard let decoder = lock.withLock({ decoders[settings.name] }) else {
            throw settings.invalid(
                "names an unknown \(family) \(QuotedText.quoted(settings.name)) (registered: \(names.joined(separator: ", ")))")
        }
        return try decoder(settings)
    }
}
