import DendriteCore

/// Removes rows and columns from the edges of channels-last images (Keras' `Cropping2D`):
/// `[batch, h, w, c] → [batch, h − top − bottom, w − left − right, c]`. Keras' default crops nothing.
///
/// ```swift
/// Cropping2D(1)                          // one pixel from every side
/// Cropping2D((1, 2))                     // 1 row top and bottom, 2 columns left and right
/// Cropping2D(((2, 0), (1, 3)))           // ((top, bottom), (left, right))
/// ```
public final class Cropping2D: Layer {
    public var name: String
    public var typeName: String { "Cropping2D" }
    public let cropping: ((top: Int, bottom: Int), (left: Int, right: Int))
    public private(set) var inputShape: [Int]?

    public init(_ cropping: ((Int, Int), (Int, Int)) = ((0, 0), (0, 0)), name: String = "") {
        self.cropping = ((cropping.0.0, cropping.0.1), (cropping.1.0, cropping.1.1))
        self.name = name
    }

    /// `rowsAndColumns.0` rows from the top and the bottom, `.1` columns from the left and the right.
    public convenience init(_ rowsAndColumns: (Int, Int), name: String = "") {
        self.init(((rowsAndColumns.0, rowsAndColumns.0), (rowsAndColumns.1, rowsAndColumns.1)), name: name)
    }

    /// The same crop on every side.
    public convenience init(_ cropping: Int, name: String = "") { self.init((cropping, cropping), name: name) }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let widths = [cropping.0.top, cropping.0.bottom, cropping.1.left, cropping.1.right]
        guard widths.allSatisfy({ $0 >= 0 }) else {
            throw DendriteError.argument("\(name): Cropping2D widths [top, bottom, left, right] must be ≥ 0, got \(widths)")
        }
        try SlidingWindow.checkImage(layer: name, type: typeName, inputShape: inputShape)
        let height = inputShape[0] - cropping.0.top - cropping.0.bottom
        let width = inputShape[1] - cropping.1.left - cropping.1.right
        guard height > 0, width > 0 else {
            throw DendriteError.shape("\(name): Cropping2D widths [top, bottom, left, right] = \(widths) leave nothing of \(inputShape[0])×\(inputShape[1]) images (sample shape \(inputShape)); top + bottom must be less than the height and left + right less than the width")
        }
        return [height, width, inputShape[2]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        let (height, width) = (input.shape[1], input.shape[2])
        return input.slice(alongAxis: 1, cropping.0.top..<(height - cropping.0.bottom))
            .slice(alongAxis: 2, cropping.1.left..<(width - cropping.1.right))
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "cropping": [[.int(cropping.0.top), .int(cropping.0.bottom)], [.int(cropping.1.left), .int(cropping.1.right)]],
        ])
    }

    /// Reads each of Keras' forms: `n`, `[rows, columns]` or `[[top, bottom], [left, right]]`.
    public convenience init(configuration: LayerConfiguration) throws {
        let raw = try configuration.value("cropping")
        let invalid = configuration.problem("cropping", "must be an integer, [rows, columns] or [[top, bottom], [left, right]] of integers, got \(raw.messageText)")
        func pair(_ value: JSONValue) throws -> (Int, Int) {
            if case .number(let number) = value, let size = Int(exactly: number) { return (size, size) }
            guard case .array(let sides) = value, sides.count == 2, case .number(let first) = sides[0],
                  case .number(let second) = sides[1], let before = Int(exactly: first), let after = Int(exactly: second)
            else { throw invalid }
            return (before, after)
        }
        if case .array(let axes) = raw, axes.count == 2 {
            self.init((try pair(axes[0]), try pair(axes[1])), name: configuration.name)
        } else {
            let both = try pair(raw)
            self.init((both, both), name: configuration.name)
        }
    }
}
