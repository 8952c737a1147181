import DendriteCore

/// Adds rows and columns of zeros around channels-last images (Keras' `ZeroPadding2D`):
/// `[batch, h, w, c] → [batch, top + h + bottom, left + w + right, c]`.
///
/// ```swift
/// ZeroPadding2D(1)                          // one pixel on every side
/// ZeroPadding2D((1, 2))                     // 1 row top and bottom, 2 columns left and right
/// ZeroPadding2D(((1, 0), (2, 0)))           // ((top, bottom), (left, right))
/// ```
public final class ZeroPadding2D: Layer {
    public var name: String
    public var typeName: String { "ZeroPadding2D" }
    public let padding: ((top: Int, bottom: Int), (left: Int, right: Int))
    public private(set) var inputShape: [Int]?

    public init(_ padding: ((Int, Int), (Int, Int)), name: String = "") {
        self.padding = ((padding.0.0, padding.0.1), (padding.1.0, padding.1.1))
        self.name = name
    }

    /// `rowsAndColumns.0` rows above and below, `.1` columns left and right.
    public convenience init(_ rowsAndColumns: (Int, Int) = (1, 1), name: String = "") {
        self.init(((rowsAndColumns.0, rowsAndColumns.0), (rowsAndColumns.1, rowsAndColumns.1)), name: name)
    }

    /// The same padding on every side.
    public convenience init(_ padding: Int, name: String = "") { self.init((padding, padding), name: name) }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let widths = [padding.0.top, padding.0.bottom, padding.1.left, padding.1.right]
        guard widths.allSatisfy({ $0 >= 0 }) else {
            throw DendriteError.argument("\(name): ZeroPadding2D widths must be ≥ 0, got \(widths)")
        }
        try SlidingWindow.checkImage(layer: name, type: typeName, inputShape: inputShape)
        return [inputShape[0] + padding.0.top + padding.0.bottom, inputShape[1] + padding.1.left + padding.1.right,
                inputShape[2]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input.zeroPadded([(0, 0), (padding.0.top, padding.0.bottom), (padding.1.left, padding.1.right), (0, 0)])
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "padding": [[.int(padding.0.top), .int(padding.0.bottom)], [.int(padding.1.left), .int(padding.1.right)]],
        ])
    }

    /// Reads Keras' `[[top, bottom], [left, right]]`.
    public convenience init(configuration: LayerConfiguration) throws {
        let raw = try configuration.value("padding")
        let invalid = configuration.problem("padding", "must be [[top, bottom], [left, right]] of integers, got \(raw.messageText)")
        guard case .array(let axes) = raw, axes.count == 2 else { throw invalid }
        let widths = try axes.map { axis -> (Int, Int) in
            guard case .array(let sides) = axis, sides.count == 2, case .number(let first) = sides[0],
                  case .number(let second) = sides[1], let before = Int(exactly: first), let after = Int(exactly: second)
            else { throw invalid }
            return (before, after)
        }
        self.init((widths[0], widths[1]), name: configuration.name)
    }
}
