import DendriteCore

/// Enlarges channels-last images by whole factors (Keras' `UpSampling2D`):
/// `[batch, h, w, c] → [batch, h·size.0, w·size.1, c]`.
///
/// - `.nearest` (the default) repeats every row `size.0` times and every column `size.1` times.
/// - `.bilinear` interpolates between the nearest rows, then columns, with half-pixel centres:
///   output index `o` reads source position `max((o + ½)/factor − ½, 0)` (clamped to the last
///   row or column), as Keras' `image.resize` and PyTorch's `interpolate(align_corners=False)`.
///
/// ```swift
/// UpSampling2D()                                   // 2×2, nearest
/// UpSampling2D((2, 3), interpolation: .bilinear)
/// ```
public final class UpSampling2D: Layer {
    /// How new pixels are filled; the raw values are Keras' names.
    public enum Interpolation: String, Sendable {
        case nearest, bilinear
    }

    public var name: String
    public var typeName: String { "UpSampling2D" }
    public let size: (Int, Int)
    public let interpolation: Interpolation
    public private(set) var inputShape: [Int]?

    public init(_ size: (Int, Int) = (2, 2), interpolation: Interpolation = .nearest, name: String = "") {
        self.size = size
        self.interpolation = interpolation
        self.name = name
    }

    /// The same factor for rows and columns.
    public convenience init(_ size: Int, interpolation: Interpolation = .nearest, name: String = "") {
        self.init((size, size), interpolation: interpolation, name: name)
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard size.0 > 0, size.1 > 0 else {
            throw DendriteError.argument("\(name): UpSampling2D size must be positive, got \(size)")
        }
        try SlidingWindow.checkImage(layer: name, type: typeName, inputShape: inputShape)
        return [inputShape[0] * size.0, inputShape[1] * size.1, inputShape[2]]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        switch interpolation {
        case .nearest:
            return Self.repeated(Self.repeated(input, axis: 1, factor: size.0), axis: 2, factor: size.1)
        case .bilinear:
            return Self.interpolated(Self.interpolated(input, axis: 1, factor: size.0), axis: 2, factor: size.1)
        }
    }

    /// Each entry along `axis` repeated `factor` times in place (a gather, so the gradient sums the copies).
    private static func repeated(_ x: Tensor, axis: Int, factor: Int) -> Tensor {
        factor == 1 ? x : x.gathering((0..<(x.shape[axis] * factor)).map { $0 / factor }, alongAxis: axis)
    }

    /// Linear interpolation along `axis` to `factor` times its length: the two nearest source
    /// entries gathered and blended by constant weights.
    private static func interpolated(_ x: Tensor, axis: Int, factor: Int) -> Tensor {
        guard factor > 1 else { return x }
        let length = x.shape[axis], outputLength = length * factor
        // PyTorch's source-index arithmetic in Float: scale · (o + ½) − ½, clamped at 0.
        let scale = Float(length) / Float(outputLength)
        var lower: [Int] = [], upper: [Int] = [], weights: [Float] = []
        for o in 0..<outputLength {
            let source = max(scale * (Float(o) + 0.5) - 0.5, 0)
            let below = min(Int(source), length - 1)
            lower.append(below)
            upper.append(min(below + 1, length - 1))
            weights.append(source - Float(below))
        }
        var weightShape = Array(repeating: 1, count: x.rank)
        weightShape[axis] = outputLength
        let weight = Tensor(shape: weightShape, scalars: weights)
        return x.gathering(lower, alongAxis: axis) * (1 - weight) + x.gathering(upper, alongAxis: axis) * weight
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "size": [.int(size.0), .int(size.1)],
            "interpolation": .string(interpolation.rawValue),
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        let size = try configuration.integers("size", count: 2)
        let text = try configuration.string("interpolation")
        guard let interpolation = Interpolation(rawValue: text.lowercased()) else {
            throw configuration.problem("interpolation", "must be \"nearest\" or \"bilinear\" (the methods Dendrite implements), got \"\(text)\"")
        }
        self.init((size[0], size[1]), interpolation: interpolation, name: configuration.name)
    }
}
