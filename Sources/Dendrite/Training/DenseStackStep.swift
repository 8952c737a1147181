import DendriteCore

/// The forward and backward passes of a stack of `Dense` layers without the autodiff graph.
///
/// Only the loss is recorded, on a leaf that stands for the last layer's output. Its gradient then
/// goes back through the layers by the same kernels, in the same order, as the pullbacks of
/// `Tensor.affine`. The weights' gradients are therefore the graph's, bit for bit, but the node,
/// closure and intermediate tensors of every operation are not made. For small models that
/// bookkeeping costs more than the arithmetic.
///
/// A model qualifies when it has `Dense` layers (after an optional `Input`) with fused activations
/// (linear, ReLU, sigmoid, tanh), or a final sigmoid or softmax that the loss takes as logits,
/// inputs of rank 2, and no weight regularizers. Every other model trains through the graph.
struct DenseStackStep {
    private struct Layer {
        let kernel: Parameter
        let bias: Parameter?
        let activation: FusedActivation
    }

    private let layers: [Layer]
    /// Whether the last layer's sigmoid or softmax is left to the loss (which then takes logits).
    private let lossTakesLogits: Bool
    /// The loss's closed cross-entropy form, if it has one (looked up once: it is a dynamic cast).
    private let graphFreeForm: GraphFreeCrossEntropy?

    init?(model: Model, objectives: [OutputObjective]) {
        guard objectives.count == 1, objectives[0].weight == 1, let chain = model.graph?.chain else { return nil }
        let loss = objectives[0].loss
        let dense: [Dense?] = chain.map { $0 as? Dense }
        guard !dense.isEmpty else { return nil }
        var layers: [Layer] = []
        var lossTakesLogits = false
        for (index, layer) in dense.enumerated() {
            guard let layer, let step = layer.inferenceStep, let kernel = layer.kernel else { return nil }
            guard kernel.regularizer == nil, layer.bias?.regularizer == nil else { return nil }
            if index == dense.count - 1, layer.activation == loss.fusableActivation {
                lossTakesLogits = true
                layers.append(Layer(kernel: kernel, bias: layer.bias, activation: .identity))
            } else if case .fused(let activation) = step.activation {
                layers.append(Layer(kernel: kernel, bias: layer.bias, activation: activation))
            } else {
                return nil
            }
        }
        self.layers = layers
        self.lossTakesLogits = lossTakesLogits
        self.graphFreeForm = loss.graphFreeForm
    }

    /// One step's loss, the model's output (computed when called), and the gradients added to each
    /// weight, as `loss.backward()` on the whole graph would.
    func run(_ x: Tensor, _ y: Tensor, weights: Tensor?, loss: Loss) -> (loss: Tensor, output: () -> Tensor)? {
        guard x.rank == 2 else { return nil }
        // Forward: every layer's output, kept for the backward pass.
        var outputs: [Tensor] = []
        var input = x
        for layer in layers {
            let values = Tensor.affineValues(input.storage.pointer, rows: x.shape[0], layer.kernel.value,
                                             layer.bias?.value, activation: layer.activation)
            input = Tensor(shape: [x.shape[0], layer.kernel.value.shape[1]], storage: values)
            outputs.append(input)
        }
        var last = outputs[outputs.count - 1]
        let dataLoss: Tensor
        var gradient: Tensor
        if weights == nil, lossTakesLogits, let (value, derivative) = Self.meanCrossEntropy(graphFreeForm, logits: last, y) {
            (dataLoss, gradient) = (value, derivative)
        } else {
            last.requiresGradient = true
            dataLoss = GradientMode.enabled {
                Loss.reduce(lossTakesLogits ? loss.perSample(logits: last, y) : loss.perSample(last, y), weights)
            }
            dataLoss.backward()
            guard let derivative = last.gradient else { return nil }
            gradient = derivative
        }
        // Backward through the layers with `Tensor.affine`'s own pullback, down to the lowest layer
        // with a trainable weight: frozen weights get no gradient, as in the graph.
        let lowest = layers.firstIndex { $0.kernel.trainable || $0.bias?.trainable == true } ?? layers.count
        for index in (lowest..<layers.count).reversed() {
            let layer = layers[index]
            let (dx, dw, db) = Tensor.affineGradients(
                gradient, input: index > 0 ? outputs[index - 1] : x, weight: layer.kernel.value, output: outputs[index],
                activation: layer.activation, needsInput: index > lowest, needsWeight: layer.kernel.trainable,
                needsBias: layer.bias?.trainable == true)
            if let dw { Self.accumulate(dw, into: layer.kernel) }
            if let db, let bias = layer.bias { Self.accumulate(db, into: bias) }
            if let dx { gradient = dx }
        }
        let logits = last.detached()
        // The output (probabilities when the loss took logits) is only made if someone asks for it.
        let output = { lossTakesLogits ? GradientMode.disabled { loss.fusableActivation!(logits) } : logits }
        return (dataLoss, output)
    }

    /// The unweighted batch mean of a cross-entropy from logits `[m, c]`, and its gradient in the
    /// logits, with the arithmetic of the graph: per-sample losses summed in Double and divided
    /// (by c for the sigmoid form's row mean, then by m), and an upstream gradient of (1 / m) / c.
    /// Nil for the other losses.
    private static func meanCrossEntropy(_ form: GraphFreeCrossEntropy?, logits z: Tensor, _ y: Tensor) -> (Tensor, Tensor)? {
        let (m, c) = (z.shape[0], z.shape[1])
        let perSample: TensorStorage
        let gradient: Tensor
        switch form {
        case .sigmoid? where y.count == m * c:
            let targets = y.reshaped([m, c])
            // The values must outlive the raw pointer's use: their buffer goes back to the shared pool when freed.
            let elementLosses = Tensor.sigmoidCrossEntropyValues(z, targets)
            perSample = withExtendedLifetime(elementLosses) { Reduction.sum(elementLosses.storage.pointer, outer: m, length: c, inner: 1) }
            for row in 0..<m { perSample.pointer[row] /= Float(c) }
            let scale = 1 / Float(m) / Float(c)
            gradient = Tensor.sigmoidCrossEntropyDerivative(z, targets)
            let values = gradient.storage.pointer
            for index in 0..<(m * c) { values[index] *= scale }
        case .sparseSoftmax? where y.count == m:
            let labels = y.scalars.map { Int($0) }
            let parts = Tensor.sparseSoftmaxCrossEntropyParts(z, labels: labels)
            perSample = parts.loss
            let scale = 1 / Float(m)
            gradient = Tensor(shape: [m, c], storage: Tensor.sparseSoftmaxCrossEntropyGradient(
                z, logSumExp: parts.logSumExp, labels: labels) { _ in scale })
        default:
            return nil
        }
        // Both storages are read through raw pointers: each is kept alive until its pointer has been
        // used (a temporary's buffer went back to the pool, and to another thread, before the read).
        let sum = withExtendedLifetime(perSample) { Reduction.sum(perSample.pointer, outer: 1, length: m, inner: 1) }
        let total = withExtendedLifetime(sum) { sum.pointer[0] }
        return (Tensor(total / Float(m)), gradient)
    }

    /// Adds to a weight's gradient as `backward()` does for a leaf.
    private static func accumulate(_ gradient: Tensor, into parameter: Parameter) {
        guard let node = parameter.value.node else { return }
        node.gradient = node.gradient.map { $0 + gradient } ?? gradient
    }
}
