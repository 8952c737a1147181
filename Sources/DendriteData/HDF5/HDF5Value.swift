/// The value of an HDF5 attribute, or what to write into one: strings, integers or floats with
/// their shape (`[]` for a scalar, stored as one element).
///
/// Reading converts every integer type (and enumerations such as h5py's `bool`) to `Int`, every
/// float type to `Double`, and fixed- and variable-length strings to `String`. Writing stores
/// `.string`/`.strings` as variable-length UTF-8 strings (as h5py stores `str`), `.integers` as
/// little-endian `int64` and `.floats` as `float64`.
public enum HDF5Value: Sendable, Equatable, CustomStringConvertible {
    /// One string (a scalar attribute, such as Keras' `keras_version`).
    case string(String)
    /// An array of strings of the given shape (such as Keras 2's `layer_names`).
    case strings([String], shape: [Int])
    case integers([Int], shape: [Int])
    case floats([Double], shape: [Int])
    /// An attribute with a null dataspace (h5py's `Empty`): a type and no value.
    case empty
    /// A value of a type this reader does not decode (compound, opaque, …), described.
    case unsupported(HDF5DataType)

    /// The string of `.string`, or of a one-element `.strings`.
    public var string: String? {
        switch self {
        case .string(let value): value
        case .strings(let values, _) where values.count == 1: values[0]
        default: nil
        }
    }

    /// The strings of `.strings` (any shape, flattened), or `.string` as one element.
    public var strings: [String]? {
        switch self {
        case .string(let value): [value]
        case .strings(let values, _): values
        default: nil
        }
    }

    /// The values of `.integers`, flattened.
    public var integers: [Int]? {
        if case .integers(let values, _) = self { return values }
        return nil
    }

    /// The values of `.floats` or `.integers` as `Double`s, flattened.
    public var doubles: [Double]? {
        switch self {
        case .floats(let values, _): values
        case .integers(let values, _): values.map(Double.init)
        default: nil
        }
    }

    /// The shape of the value: `[]` for a scalar or `.string`, nil for `.empty` and `.unsupported`.
    public var shape: [Int]? {
        switch self {
        case .string: []
        case .strings(_, let shape), .integers(_, let shape), .floats(_, let shape): shape
        case .empty, .unsupported: nil
        }
    }

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .strings(let values, let shape): "\(shape) strings \(values)"
        case .integers(let values, let shape): shape.isEmpty && values.count == 1 ? "\(values[0])" : "\(shape) integers \(values)"
        case .floats(let values, let shape): shape.isEmpty && values.count == 1 ? "\(values[0])" : "\(shape) floats \(values)"
        case .empty: "empty"
        case .unsupported(let type): "a value of type \(type)"
        }
    }
}

/// A named value attached to a group or dataset.
public struct HDF5Attribute: Sendable, Equatable {
    public let name: String
    public let value: HDF5Value
    /// The element type the file stores the value as.
    public let dataType: HDF5DataType
}
