import DendriteCore

/// The dot product of two inputs along one axis each (Keras' `Dot`), per sample.
///
/// `axes` count the batch axis as Keras does: `Dot(axes: 1)` on `[batch, n]` and `[batch, n]` gives
/// `[batch, 1]` (`Σᵢ xᵢ·yᵢ`); `Dot(axes: [2, 2])` on `[batch, n, d]` and `[batch, m, d]` gives
/// `[batch, n, m]`. With `normalize`, each input is first scaled to unit L2 norm along its axis,
/// `x / √max(Σx², 1e-12)`, so the result is the cosine similarity. Samples of rank 1 or 2.
public final class Dot: GraphLayer {
    public var name: String
    public var typeName: String { "Dot" }
    /// Takes masked inputs and gives no mask, as Keras.
    public var supportsMasking: Bool { true }
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] { [nil] }
    /// The contracted axis of each input (batch axis counted; negative counts from the end).
    public let axes: [Int]
    public let normalize: Bool

    public init(axes: [Int], normalize: Bool = false, name: String = "") {
        self.axes = axes.count == 1 ? axes + axes : axes
        self.normalize = normalize
        self.name = name
    }

    public convenience init(axes: Int, normalize: Bool = false, name: String = "") {
        self.init(axes: [axes, axes], normalize: normalize, name: name)
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(axes: try configuration.integers("axes", count: 2), normalize: try configuration.bool("normalize"),
                  name: configuration.name)
    }

    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }
    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, settings: ["axes": .array(axes.map(JSONValue.int)), "normalize": .bool(normalize)])
    }

    /// Each input's contracted axis within its sample (0-based).
    private func sampleAxes(_ shapes: [[Int]]) throws -> [Int] {
        guard axes.count == 2 else { throw DendriteError.argument("\(name): Dot takes one axis or two, got \(axes)") }
        return try zip(axes, shapes).map { axis, shape in
            guard (1...2).contains(shape.count) else {
                throw DendriteError.shape("\(name): Dot takes samples of rank 1 or 2, got shape \(shape)")
            }
            let full = axis < 0 ? axis + shape.count + 1 : axis
            guard full >= 1, full <= shape.count else {
                throw DendriteError.shape("\(name): Dot axis \(axis) is outside samples of shape \(shape) (the batch axis is 0 and cannot be contracted)")
            }
            return full - 1
        }
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws { _ = try outputShapes(for: inputShapes) }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try requireInputCount(inputShapes, 2...2)
        let contracted = try sampleAxes(inputShapes)
        let (x, y) = (inputShapes[0], inputShapes[1])
        guard x[contracted[0]] == y[contracted[1]] else {
            throw DendriteError.shape("\(name): Dot contracts sizes \(x[contracted[0]]) and \(y[contracted[1]]) (shapes \(x) and \(y), axes \(axes))")
        }
        var kept = x
        kept.remove(at: contracted[0])
        var otherKept = y
        otherKept.remove(at: contracted[1])
        let shape = kept + otherKept
        return [shape.isEmpty ? [1] : shape]
    }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let contracted = (try? sampleAxes(inputs.map { Array($0.shape.dropFirst()) })) ?? [0, 0]
        var (x, y) = (inputs[0], inputs[1])
        if normalize {
            x = Dot.unitNorm(x, axis: contracted[0] + 1)
            y = Dot.unitNorm(y, axis: contracted[1] + 1)
        }
        let batch = x.shape[0]
        // As batched matrices: x → [batch, p, k] with k contracted, y → [batch, k, q].
        let left = x.rank == 2 ? x.reshaped([batch, 1, x.shape[1]]) : (contracted[0] == 1 ? x : x.permuted([0, 2, 1]))
        let right = y.rank == 2 ? y.reshaped([batch, y.shape[1], 1]) : (contracted[1] == 0 ? y : y.permuted([0, 2, 1]))
        let product = matmul(left, right)
        let shape = (try? outputShapes(for: inputs.map { Array($0.shape.dropFirst()) })[0]) ?? []
        return [product.reshaped([batch] + shape)]
    }

    /// `x / √max(Σx², 1e-12)` along `axis` (Keras' `l2_normalize`).
    static func unitNorm(_ x: Tensor, axis: Int) -> Tensor {
        x / x.squared().sum(alongAxes: [axis], keepingDimensions: true).clamped(to: 1e-12, .greatestFiniteMagnitude).sqrt()
    }
}
