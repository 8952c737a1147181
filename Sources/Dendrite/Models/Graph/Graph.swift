import DendriteCore

/// A model's layer calls in an order that computes every value before it is used, with each
/// value in a numbered slot: running the graph is one loop over the steps.
struct Graph {
    struct Step {
        let layer: any GraphLayer
        /// Slots of the layer call's inputs and outputs.
        let arguments: [Int]
        let results: [Int]
        let inputShapes: [[Int]]
    }

    let inputs: [Input]
    let outputs: [SymbolicTensor]
    let steps: [Step]
    let outputSlots: [Int]
    let slotCount: Int
    /// Every layer once, in the order of first use, the inputs first (Keras' `model.layers`).
    let layers: [any GraphLayer]
    /// How many steps read each slot (outputs not counted).
    private let readers: [Int]

    /// Orders the layer calls that lead from `inputs` to `outputs`.
    ///
    /// - Throws: ``DendriteError`` when an output depends on a tensor that is not computed from
    ///   `inputs` (Keras' "graph disconnected"), or an input is listed twice.
    init(inputs: [Input], outputs: [SymbolicTensor], modelName: String) throws {
        guard !inputs.isEmpty else { throw DendriteError.argument("\(modelName): a model needs at least one input") }
        guard !outputs.isEmpty else { throw DendriteError.argument("\(modelName): a model needs at least one output") }
        var slots: [ObjectIdentifier: Int] = [:]
        for input in inputs {
            guard slots.updateValue(slots.count, forKey: ObjectIdentifier(input)) == nil else {
                throw DendriteError.argument("\(modelName): the input '\(input.name)' is listed twice")
            }
        }
        var steps: [Step] = []
        var visited = Set<ObjectIdentifier>()
        var nodeResults: [ObjectIdentifier: [Int]] = [:]
        var nextSlot = inputs.count

        // Iterative depth-first post-order from the outputs, so deep graphs do not exhaust the stack.
        func slot(of tensor: SymbolicTensor) throws -> Int {
            if let known = slots[ObjectIdentifier(tensor)] { return known }
            guard let node = tensor.node else {
                throw DendriteError.argument("\(modelName): graph disconnected: the input '\((tensor as? Input)?.name ?? "?")' of shape \(tensor.shape) is used but not among the model's inputs")
            }
            guard let results = nodeResults[ObjectIdentifier(node)] else {
                preconditionFailure("node visited out of order")
            }
            return results[tensor.outputIndex]
        }
        var stack: [(node: Node, expanded: Bool)] = outputs.reversed().compactMap { $0.node.map { ($0, false) } }
        for output in outputs where output.node == nil { _ = try slot(of: output) }
        while let (node, expanded) = stack.popLast() {
            let key = ObjectIdentifier(node)
            if visited.contains(key) && !expanded { continue }
            if !expanded {
                visited.insert(key)
                stack.append((node, true))
                for input in node.inputs.reversed() {
                    if let producer = input.node, !visited.contains(ObjectIdentifier(producer)) {
                        stack.append((producer, false))
                    }
                }
                continue
            }
            let arguments = try node.inputs.map(slot(of:))
            let count = try node.layer.outputShapes(for: node.inputs.map(\.shape)).count
            let results = Array(nextSlot..<(nextSlot + count))
            nextSlot += count
            nodeResults[key] = results
            steps.append(Step(layer: node.layer, arguments: arguments, results: results, inputShapes: node.inputs.map(\.shape)))
        }
        for output in outputs {
            if let mask = output.mask { try output.producer.requireMask(mask.shape, fits: output.shape) }
        }
        self.inputs = inputs
        self.outputs = outputs
        self.steps = steps
        self.outputSlots = try outputs.map(slot(of:))
        self.slotCount = nextSlot
        var seen = Set<ObjectIdentifier>()
        var layers: [any GraphLayer] = []
        for layer in inputs.map({ $0 as any GraphLayer }) + steps.map(\.layer) where seen.insert(ObjectIdentifier(layer)).inserted {
            layers.append(layer)
        }
        self.layers = layers
        var readers = Array(repeating: 0, count: slotCount)
        for step in steps { for argument in step.arguments { readers[argument] += 1 } }
        self.readers = readers
        self.chain = Graph.chain(inputs: inputs, outputs: outputs, steps: steps, layers: layers, outputSlots: outputSlots)
    }

    /// The layers in order when the graph is a plain chain (one input, one output, every layer
    /// called once on the previous one's output), else nil.
    let chain: [any GraphLayer]?

    private static func chain(inputs: [Input], outputs: [SymbolicTensor], steps: [Step], layers: [any GraphLayer],
                              outputSlots: [Int]) -> [any GraphLayer]? {
        guard inputs.count == 1, outputs.count == 1 else { return nil }
        var previous = 0
        for step in steps {
            guard step.arguments == [previous], step.results.count == 1 else { return nil }
            previous = step.results[0]
        }
        guard layers.count == steps.count + 1, outputSlots == [previous] else { return nil }
        return Array(layers.dropFirst())
    }

    /// Runs every step on `inputs`. Where `fusing[k]` names the activation that ends output `k`'s
    /// layer (an ``ActivatedLayer``) and nothing else reads that output, the layer's
    /// pre-activation values are returned as that output's logits and the output itself is
    /// computed from them without a gradient path (the loss then uses the fused stable form).
    ///
    /// Masks travel beside the values, slot by slot: a step whose inputs carry masks is called with
    /// them, and every step whose inputs carry masks, or that makes masks (``MaskSource``), gives
    /// its outputs' masks (Keras' `compute_mask`). The outputs' masks are returned for the loss.
    func run(_ inputs: [Tensor], training: Bool,
             fusing: [Activation?] = []) -> (outputs: [Tensor], logits: [Tensor?], masks: [Tensor?]) {
        precondition(inputs.count == self.inputs.count, "model takes \(self.inputs.count) inputs, got \(inputs.count)")
        var values = [Tensor?](repeating: nil, count: slotCount)
        var masks = [Tensor?](repeating: nil, count: slotCount)
        for (index, input) in inputs.enumerated() { values[index] = input }
        var logits = [Tensor?](repeating: nil, count: outputs.count)
        var fusedSlots: [Int: (output: Int, activation: Activation)] = [:]
        for (output, activation) in fusing.enumerated() {
            guard let activation else { continue }
            let slot = outputSlots[output]
            if readers[slot] == 0, outputSlots.filter({ $0 == slot }).count == 1 { fusedSlots[slot] = (output, activation) }
        }
        for step in steps {
            let arguments = step.arguments.map { values[$0]! }
            let argumentMasks = step.arguments.map { masks[$0] }
            let masked = argumentMasks.contains { $0 != nil }
            if masked || step.layer is any MaskSource {
                let produced = step.layer.outputMasks(arguments, masks: argumentMasks)
                for (slot, mask) in zip(step.results, produced) { masks[slot] = mask }
            }
            if step.results.count == 1, let (output, activation) = fusedSlots[step.results[0]],
               let layer = step.layer as? any ActivatedLayer, layer.activation == activation {
                // Activated layers only pass masks on, so the pre-activation ignores them.
                let preActivation = layer.preActivation(arguments[0], training: training)
                logits[output] = preActivation
                values[step.results[0]] = activation(preActivation.detached())
                continue
            }
            let results = masked ? step.layer.call(arguments, masks: argumentMasks, training: training)
                : step.layer.call(arguments, training: training)
            for (slot, value) in zip(step.results, results) { values[slot] = value }
        }
        return (outputSlots.map { values[$0]! }, logits, outputSlots.map { masks[$0] })
    }
}
