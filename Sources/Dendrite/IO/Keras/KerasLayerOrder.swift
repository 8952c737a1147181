/// The order in which Keras 3 lists a functional model's layers (`model.layers`, the `layers` of
/// its configuration, the weights of a Keras 2 file): by depth, the layers farthest from the
/// outputs first, and among equal depths in the order a depth-first walk from the outputs first
/// meets them (Keras' `map_graph`). Dendrite writes functional configurations in this order so
/// that Keras rebuilds the layers, and names their weights, in the order they were saved.
enum KerasLayerOrder {
    static func layers(of graph: Graph) -> [any GraphLayer] {
        // Nodes: the inputs (0..<inputs.count), then the steps; a slot's producer is a node.
        let inputCount = graph.inputs.count
        var producer: [Int: Int] = [:]
        for index in 0..<inputCount { producer[index] = index }
        for (index, step) in graph.steps.enumerated() { for slot in step.results { producer[slot] = inputCount + index } }
        func layer(_ node: Int) -> any GraphLayer { node < inputCount ? graph.inputs[node] : graph.steps[node - inputCount].layer }
        func parents(_ node: Int) -> [Int] { node < inputCount ? [] : graph.steps[node - inputCount].arguments.compactMap { producer[$0] } }

        // Depth-first from the outputs: layers numbered when first met, nodes listed when finished.
        var firstMet: [ObjectIdentifier: Int] = [:]
        var finished: [Int] = []
        var done = Set<Int>()
        for output in graph.outputSlots {
            guard let root = producer[output] else { continue }
            var stack: [(node: Int, expanded: Bool)] = [(root, false)]
            while let (node, expanded) = stack.popLast() {
                if done.contains(node) { continue }
                if expanded {
                    done.insert(node)
                    finished.append(node)
                    continue
                }
                let key = ObjectIdentifier(layer(node))
                if firstMet[key] == nil { firstMet[key] = firstMet.count }
                stack.append((node, true))
                for parent in parents(node).reversed() where !done.contains(parent) { stack.append((parent, false)) }
            }
        }
        // Depths: a node is one deeper than the deepest node that uses it; a layer takes its deepest node's.
        var nodeDepth: [Int: Int] = [:]
        var layerDepth: [ObjectIdentifier: Int] = [:]
        var ordered: [any GraphLayer] = []
        for node in finished.reversed() {
            let key = ObjectIdentifier(layer(node))
            let depth = max(nodeDepth[node, default: 0], layerDepth[key, default: 0])
            if layerDepth[key] == nil { ordered.append(layer(node)) }
            layerDepth[key] = depth
            nodeDepth[node] = depth
            for parent in parents(node) { nodeDepth[parent] = max(depth + 1, nodeDepth[parent, default: 0]) }
        }
        return ordered.enumerated().sorted { first, second in
            let (a, b) = (ObjectIdentifier(first.element), ObjectIdentifier(second.element))
            if layerDepth[a] != layerDepth[b] { return layerDepth[a, default: 0] > layerDepth[b, default: 0] }
            return firstMet[a, default: first.offset] < firstMet[b, default: second.offset]
        }.map(\.element)
    }
}
