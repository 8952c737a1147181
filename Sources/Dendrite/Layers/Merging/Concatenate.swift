import DendriteCore

/// Joins the inputs along one axis (Keras' `Concatenate`).
///
/// `axis` counts the batch axis as Keras does (default −1, the last; 0, the batch axis, is not
/// allowed). Shapes: inputs whose sample shapes agree except along `axis`; the output's size along
/// `axis` is the sum of theirs. No weights.
///
/// ```swift
/// let joined = try Concatenate()([numericFeatures, embeddedText])
/// ```
public final class Concatenate: GraphLayer {
    public var name: String
    public var typeName: String { "Concatenate" }
    public let axis: Int

    public init(axis: Int = -1, name: String = "") {
        self.axis = axis
        self.name = name
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(axis: try configuration.int("axis"), name: configuration.name)
    }

    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }
    public var configuration: LayerConfiguration { LayerConfiguration(type: typeName, name: name, settings: ["axis": .int(axis)]) }

    /// The axis within a sample (0-based, batch axis left out).
    private func sampleAxis(rank: Int) throws -> Int {
        let full = axis < 0 ? axis + rank + 1 : axis
        guard full >= 1, full <= rank else {
            throw DendriteError.shape("\(name): Concatenate axis \(axis) is outside samples of rank \(rank) (with the batch axis: 1...\(rank) or -\(rank)...-1)")
        }
        return full - 1
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws { _ = try outputShapes(for: inputShapes) }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try requireInputCount(inputShapes, 1...Int.max)
        let rank = inputShapes[0].count
        let along = try sampleAxis(rank: rank)
        var result = inputShapes[0]
        for shape in inputShapes.dropFirst() {
            guard shape.count == rank, shape.indices.allSatisfy({ $0 == along || shape[$0] == result[$0] }) else {
                throw DendriteError.shape("\(name): Concatenate along axis \(axis) needs shapes that agree on every other axis, got \(inputShapes.map { "\($0)" }.joined(separator: ", "))")
            }
            result[along] += shape[along]
        }
        return [result]
    }

    public var supportsMasking: Bool { true }

    /// Keras' concatenated mask: each input's mask (all ones for an input without one) spread over
    /// its shape, joined along `axis`, and a step kept where any of its values is kept. Joining
    /// along the time axis joins the masks; joining features keeps a step any input keeps.
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] {
        guard masks.contains(where: { $0 != nil }) else { return [nil] }
        let spread = zip(inputs, masks).map { input, mask in
            mask.map { $0.maskBroadcasting(over: input) * Tensor.ones(like: input) } ?? Tensor.ones(like: input)
        }
        let along = axis < 0 ? axis + inputs[0].rank : axis
        return [Tensor.concatenate(spread, alongAxis: along).max(alongAxes: [inputs[0].rank - 1])]
    }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let along = (axis < 0 ? axis + inputs[0].rank : axis)
        return [Tensor.concatenate(inputs, alongAxis: along)]
    }
}
