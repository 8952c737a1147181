import DendriteCore

/// A layer that combines several tensors of the same shape element by element (Keras' `Merge`
/// base: ``Add``, ``Subtract``, ``Multiply``, ``Average``, ``Maximum``, ``Minimum``).
///
/// Sample shapes must have the same rank; along each axis the sizes agree or one of them is 1,
/// which is broadcast (as Keras). It has no weights.
public protocol ElementwiseMerge: GraphLayer {
    init(name: String)
    /// How many inputs the layer takes (default: one or more).
    var inputCount: ClosedRange<Int> { get }
    /// The merged value of two tensors; the inputs are combined left to right.
    func combine(_ a: Tensor, _ b: Tensor) -> Tensor
    /// The merged value of all inputs (default: ``combine(_:_:)`` left to right).
    func merge(_ inputs: [Tensor]) -> Tensor
}

extension ElementwiseMerge {
    public init(configuration: LayerConfiguration) throws { self.init(name: configuration.name) }
    public var inputCount: ClosedRange<Int> { 1...Int.max }
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }
    public var configuration: LayerConfiguration { LayerConfiguration(type: typeName, name: name) }

    public var supportsMasking: Bool { true }

    /// Keras' merge masks: a step is kept when any input keeps it; when some input carries no mask,
    /// neither does the output.
    public func outputMasks(_ inputs: [Tensor], masks: [Tensor?]) -> [Tensor?] {
        let given = masks.compactMap { $0 }
        guard given.count == masks.count, let first = given.first else { return [nil] }
        return [given.dropFirst().reduce(first) { maximum($0, $1) }]
    }

    public func merge(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0], combine) }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        _ = try outputShapes(for: inputShapes)
    }

    public func outputShapes(for inputShapes: [[Int]]) throws -> [[Int]] {
        try requireInputCount(inputShapes, inputCount)
        var result = inputShapes[0]
        for shape in inputShapes.dropFirst() {
            guard shape.count == result.count else {
                throw DendriteError.shape("\(name): \(typeName) needs inputs of the same rank, got shapes \(inputShapes.map { "\($0)" }.joined(separator: ", "))")
            }
            for axis in shape.indices where shape[axis] != result[axis] {
                guard shape[axis] == 1 || result[axis] == 1 else {
                    throw DendriteError.shape("\(name): \(typeName) cannot combine shapes \(inputShapes.map { "\($0)" }.joined(separator: ", ")): axis \(axis + 1) has sizes \(result[axis]) and \(shape[axis])")
                }
                result[axis] = Swift.max(result[axis], shape[axis])
            }
        }
        return [result]
    }

    public func call(_ inputs: [Tensor], training: Bool) -> [Tensor] { [merge(inputs)] }
}
