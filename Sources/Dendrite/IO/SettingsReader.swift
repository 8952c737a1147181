import DendriteCore

/// Typed reads of a family member's settings as `config.json` holds them (Keras' `get_config`
/// keys), shared by optimizers, losses, metrics and activations: a missing key takes the member's
/// own default, as Keras' `from_config` does (so files written before a setting existed still
/// load); a key of the wrong type throws ``DendriteError`` (`.invalidFile`) through ``problem(_:_:)``,
/// which says where the setting sits.
public protocol SettingsReader {
    /// The settings by Keras' key, the member's name left out.
    var settings: [String: JSONValue] { get }
    /// The error for a bad setting `key`, naming the member (and where it sits).
    func problem(_ key: String, _ message: String) -> DendriteError
}

extension SettingsReader {
    /// The number at `key` as a `Float`, or `defaultValue` when the key is missing.
    public func float(_ key: String, default defaultValue: Float) throws -> Float {
        guard let raw = settings[key] else { return defaultValue }
        guard case .number(let number) = raw else { throw problem(key, "must be a number, got \(raw.messageText)") }
        guard Float(number).isFinite else {
            throw problem(key, "\(number) does not fit a Float (largest magnitude \(Float.greatestFiniteMagnitude))")
        }
        return Float(number)
    }

    /// The number at `key` kept in double precision (β and ρ, so that `1 − β` is Keras' Python
    /// arithmetic), or `defaultValue` when the key is missing.
    public func double(_ key: String, default defaultValue: Double) throws -> Double {
        guard let raw = settings[key] else { return defaultValue }
        guard case .number(let number) = raw else { throw problem(key, "must be a number, got \(raw.messageText)") }
        return number
    }

    /// The whole number at `key`, or `defaultValue` when the key is missing.
    public func int(_ key: String, default defaultValue: Int) throws -> Int {
        guard let raw = settings[key] else { return defaultValue }
        guard case .number(let number) = raw, let integer = Int(exactly: number), Swift.abs(integer) < 1 << 50 else {
            throw problem(key, "must be a whole number, got \(raw.messageText)")
        }
        return integer
    }

    /// The flag at `key`, or `defaultValue` when the key is missing.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let raw = settings[key] else { return defaultValue }
        guard case .bool(let flag) = raw else { throw problem(key, "must be true or false, got \(raw.messageText)") }
        return flag
    }

    /// The text at `key`, or `defaultValue` when the key is missing.
    public func string(_ key: String, default defaultValue: String) throws -> String {
        guard let raw = settings[key] else { return defaultValue }
        guard case .string(let text) = raw else { throw problem(key, "must be a string, got \(raw.messageText)") }
        return text
    }

    /// The number at `key`, or nil when the key is missing or JSON `null` (Keras' `None`).
    public func optionalFloat(_ key: String) throws -> Float? {
        guard let raw = settings[key], raw != .null else { return nil }
        return try float(key, default: 0)
    }
}
