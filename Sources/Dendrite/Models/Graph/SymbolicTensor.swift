import DendriteCore

/// A placeholder for the batches that will flow through a model being defined (Keras'
/// `KerasTensor`). It knows its sample shape (without the batch axis) and which layer call made it.
///
/// ```swift
/// let inputs = Input(shape: [30])
/// let hidden = try Dense(16, activation: .relu)(inputs)
/// let outputs = try Dense(1, activation: .sigmoid)(try Add()([hidden, try Dense(16)(inputs)]))
/// let model = try Model(inputs: inputs, outputs: outputs)
/// ```
public class SymbolicTensor {
    /// The shape of one sample.
    public let shape: [Int]
    /// The layer call that produced this tensor; nil for an ``Input``.
    let node: Node?
    /// Which of the node's outputs this is.
    let outputIndex: Int
    /// The mask that will travel with this tensor's batches, if any (Keras' `_keras_mask`).
    public let mask: SymbolicMask?

    init(shape: [Int], node: Node?, outputIndex: Int, mask: SymbolicMask? = nil) {
        self.shape = shape
        self.node = node
        self.outputIndex = outputIndex
        self.mask = mask
    }

    /// The layer whose call made this tensor (the ``Input`` itself for an input).
    public var producer: any GraphLayer {
        if let node { return node.layer }
        guard let input = self as? Input else { preconditionFailure("a symbolic tensor without a node must be an Input") }
        return input
    }
}

/// One call of a layer on symbolic tensors: an edge set of the model graph (Keras' `Node`).
final class Node {
    let layer: any GraphLayer
    let inputs: [SymbolicTensor]

    init(layer: any GraphLayer, inputs: [SymbolicTensor]) {
        self.layer = layer
        self.inputs = inputs
    }
}

extension GraphLayer {
    /// Records a call of this layer on symbolic tensors and returns its symbolic outputs, with the
    /// shapes the layer computes. Calling the same layer object again shares its weights.
    ///
    /// - Throws: ``DendriteError`` naming the layer and the shapes when the layer cannot take them.
    public func symbolicOutputs(_ inputs: [SymbolicTensor]) throws -> [SymbolicTensor] {
        guard !inputs.isEmpty else { throw DendriteError.shape("\(displayName): called on no inputs") }
        let shapes: [[Int]]
        do { shapes = try outputShapes(for: inputs.map(\.shape)) } catch let error as DendriteError {
            let given = inputs.map { "\($0.shape)" }.joined(separator: ", ")
            // The layer's own message starts with its name, which an unnamed layer does not have yet.
            let reason = error.message.hasPrefix("\(name): ") ? String(error.message.dropFirst(name.count + 2)) : error.message
            throw DendriteError(error.kind, "\(displayName) called on inputs of shape \(given): \(reason)")
        }
        // One sample of every value must fit the tensor limit. Sizes then stay far below Int.max, so
        // the next layer's shape arithmetic (a size times a 32-bit setting) cannot overflow.
        let limits = ResourceLimits.current
        for shape in shapes { _ = try limits.requireTensor(shape, "\(displayName): one sample of its output") }
        let masks = try symbolicOutputMasks(inputs, outputCount: shapes.count)
        let node = Node(layer: self, inputs: inputs)
        return shapes.enumerated().map { SymbolicTensor(shape: $1, node: node, outputIndex: $0, mask: masks[$0]) }
    }

    /// The masks the outputs will carry, found by running ``outputMasks(_:masks:)`` on one zero
    /// sample of each input with all-ones masks (the mask's presence and shape do not depend on the
    /// values). A layer without ``supportsMasking`` called on a masked tensor is refused, naming the
    /// layer and where the mask comes from (Keras warns and drops the mask; silently ignoring the
    /// padding would train on it).
    private func symbolicOutputMasks(_ inputs: [SymbolicTensor], outputCount: Int) throws -> [SymbolicMask?] {
        let given = inputs.map(\.mask)
        if let mask = given.compactMap({ $0 }).first, !supportsMasking {
            throw DendriteError.argument("\(displayName) cannot take masked inputs (Keras' supports_masking is false for "
                + "\(typeName)), but its input carries the mask made by \(mask.origin); consume the mask first "
                + "(a recurrent layer, GlobalAveragePooling1D, attention) or drop maskZero / Masking")
        }
        guard given.contains(where: { $0 != nil }) || self is any MaskSource else {
            return Array(repeating: nil, count: outputCount)
        }
        for (input, mask) in zip(inputs, given) {
            guard let mask else { continue }
            try requireMask(mask.shape, fits: input.shape)
        }
        let probes = GradientMode.disabled {
            outputMasks(inputs.map { Tensor.zeros([1] + $0.shape) },
                        masks: given.map { $0.map { Tensor.ones([1] + $0.shape) } })
        }
        return (0..<outputCount).map { index in
            guard index < probes.count, let probe = probes[index] else { return nil }
            let origin = given.compactMap { $0 }.first?.origin ?? displayName
            return SymbolicMask(shape: Array(probe.shape.dropFirst()), origin: origin)
        }
    }

    /// The layer's name, or its type while it has none yet (names are given by the model).
    var displayName: String { name.isEmpty ? typeName : "\(typeName) '\(name)'" }

    /// Records a call of a layer with one output on symbolic tensors (`try Add()([a, b])`); layers
    /// with several outputs are called with ``symbolicOutputs(_:)``.
    public func callAsFunction(_ inputs: [SymbolicTensor]) throws -> SymbolicTensor {
        let outputs = try symbolicOutputs(inputs)
        guard outputs.count == 1 else {
            throw DendriteError.argument("\(displayName) gives \(outputs.count) outputs; call it with symbolicOutputs(_:)")
        }
        return outputs[0]
    }

    /// Records a call of a layer with one output on one symbolic tensor (`try Dense(8)(inputs)`).
    public func callAsFunction(_ input: SymbolicTensor) throws -> SymbolicTensor { try self([input]) }
}

/// The mask a symbolic tensor will carry: its sample shape (`[steps]`, without the batch axis) and
/// the layer that made it, for messages.
public struct SymbolicMask: Sendable, Equatable {
    public let shape: [Int]
    public let origin: String
}
