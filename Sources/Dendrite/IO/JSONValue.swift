import Foundation

/// A JSON value: the settings of a layer, an optimizer or a loss as they appear in `config.json`
/// (Keras' `get_config` dictionaries).
///
/// Numbers are `Double`. A `Float` setting is stored by ``float(_:)`` as the shortest decimal that
/// reads back as the same `Float` (`0.01`, not `0.009999999776482582`), so configurations stay
/// readable and round trips stay bit-exact.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A `Float` stored so that it reads back bit-identically.
    public static func float(_ value: Float) -> JSONValue {
        if let decimal = Double("\(value)"), Float(decimal) == value { return .number(decimal) }
        return .number(Double(value))
    }

    /// An integer.
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as it appears in an error message: ``jsonText`` cut to a short prefix with "…",
    /// so that a message never echoes a megabyte-long setting.
    public var messageText: String { QuotedText.shown(jsonText) }

    /// The value as it would appear in the file.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "\(self)"
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}
