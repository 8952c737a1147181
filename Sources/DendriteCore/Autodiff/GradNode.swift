import Synchronization

/// One vertex of the dynamic autodiff graph: the operation that made a tensor, or a leaf.
///
/// A node points only to the nodes of its inputs, never to its output, so the graph holds no
/// reference cycles; `backward()` cuts the links it has used unless asked to retain the graph.
package final class GradNode: @unchecked Sendable {
    package let operation: String
    package let isLeaf: Bool
    package var inputs: [GradNode?]
    /// Maps the gradient of the output to the gradients of the inputs (nil: no gradient there).
    package var pullback: ((Tensor) -> [Tensor?])?
    /// Accumulated gradient of a leaf.
    package var gradient: Tensor?
    /// Gradient collected for an interior node during one backward pass.
    var pending: Tensor?
    /// The traversal that last visited this node (see `topologicalOrder`).
    private var visitMark: UInt64 = 0
    private static let traversals = Atomic<UInt64>(0)

    package init(leaf operation: String = "leaf") {
        self.operation = operation
        self.isLeaf = true
        self.inputs = []
    }

    package init(operation: String, inputs: [GradNode?], pullback: @escaping (Tensor) -> [Tensor?]) {
        self.operation = operation
        self.isLeaf = false
        self.inputs = inputs
        self.pullback = pullback
    }

    /// Nodes reachable from `self`, each after all the nodes that consume it.
    func topologicalOrder() -> [GradNode] {
        var order: [GradNode] = []
        // A fresh mark per traversal replaces a set of visited nodes: no hashing per edge.
        let mark = GradNode.traversals.add(1, ordering: .relaxed).newValue
        visitMark = mark
        // Iterative depth-first search: recurrent graphs can be thousands of nodes deep.
        var stack: [(node: GradNode, nextInput: Int)] = [(self, 0)]
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                if let input = node.inputs[next], input.visitMark != mark {
                    input.visitMark = mark
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order.reversed()
    }
}

extension Tensor {
    /// Whether operations on this tensor are recorded so that gradients can flow back to it.
    /// Setting it to `true` makes the tensor a leaf of a new graph (like `requires_grad_()`).
    public var requiresGradient: Bool {
        get { node != nil }
        set { node = newValue ? GradNode() : nil }
    }

    /// The gradient accumulated in this leaf by `backward()`, or nil if none has reached it.
    public var gradient: Tensor? { node?.gradient }

    /// True when this tensor was not produced by a recorded operation.
    public var isLeaf: Bool { node?.isLeaf ?? true }

    /// Clears the accumulated gradient (like `zero_grad()`).
    public func zeroGradient() { node?.gradient = nil }

    /// The same values, cut off from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Back-propagates from this tensor to every leaf that requires a gradient, adding into
    /// their ``gradient``.
    ///
    /// - Parameters:
    ///   - gradient: the gradient of some scalar with respect to this tensor; may be omitted for a
    ///     one-element tensor (it is then 1).
    ///   - retainGraph: keep the graph so that `backward` can run through it again.
    public func backward(gradient seed: Tensor? = nil, retainGraph: Bool = false) {
        guard let root = node else {
            preconditionFailure("backward: tensor of shape \(shape) does not require a gradient")
        }
        let seed = seed ?? {
            precondition(count == 1, "backward: tensor of shape \(shape) is not a scalar; pass a gradient")
            return Tensor.ones(shape)
        }()
        precondition(seed.shape == shape, "backward: gradient of shape \(seed.shape) for tensor of shape \(shape)")
        GradientMode.disabled {
            let order = root.topologicalOrder()
            if root.isLeaf {
                root.gradient = root.gradient.map { $0 + seed } ?? seed
                return
            }
            root.pending = seed
            for node in order where !node.isLeaf {
                guard let outputGradient = node.pending, let pullback = node.pullback else { continue }
                node.pending = nil
                let inputGradients = pullback(outputGradient)
                for (input, gradient) in zip(node.inputs, inputGradients) {
                    guard let input, let gradient else { continue }
                    if input.isLeaf {
                        input.gradient = input.gradient.map { $0 + gradient } ?? gradient
                    } else {
                        input.pending = input.pending.map { $0 + gradient } ?? gradient
                    }
                }
                if !retainGraph {
                    node.pullback = nil
                    node.inputs = []
                }
            }
        }
    }

    /// Wraps the result of an operation, recording it in the graph when any input requires a
    /// gradient and recording is on.
    package static func recorded(
        _ operation: String, shape: [Int], storage: TensorStorage, inputs: [Tensor],
        pullback: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(shape: shape, storage: storage)
        }
        let node = GradNode(operation: operation, inputs: inputs.map(\.node), pullback: pullback)
        return Tensor(shape: shape, storage: storage, node: node)
    }
}
