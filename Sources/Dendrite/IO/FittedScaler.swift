import DendriteCore

/// The feature scaling a model was trained with, saved beside it so that whoever loads the model
/// can scale new inputs the same way: `model.preprocessing?.transform(x)`.
///
/// In `config.json`: `{"type": "StandardScaler", "mean": […], "scale": […]}` or
/// `{"type": "MinMaxScaler", "low": 0, "high": 1, "minimum": […], "range": […]}`.
public enum FittedScaler: Sendable, Equatable, Codable {
    case standard(StandardScaler)
    case minMax(MinMaxScaler)

    public func transform(_ x: Tensor) throws -> Tensor {
        switch self {
        case .standard(let scaler): try scaler.transform(x)
        case .minMax(let scaler): try scaler.transform(x)
        }
    }

    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        switch self {
        case .standard(let scaler): try scaler.inverseTransform(x)
        case .minMax(let scaler): try scaler.inverseTransform(x)
        }
    }

    private enum CodingKeys: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .type)
        switch type {
        case "StandardScaler": self = .standard(try StandardScaler(from: decoder))
        case "MinMaxScaler": self = .minMax(try MinMaxScaler(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.type],
                                                    debugDescription: "unknown scaler type '\(type)' (known: StandardScaler, MinMaxScaler)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .standard(let scaler):
            try container.encode("StandardScaler", forKey: .type)
            try scaler.encode(to: encoder)
        case .minMax(let scaler):
            try container.encode("MinMaxScaler", forKey: .type)
            try scaler.encode(to: encoder)
        }
    }
}
