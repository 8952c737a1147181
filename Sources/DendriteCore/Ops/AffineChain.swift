/// One layer of ``Tensor/affineChain(_:_:)``: `activation(x · weight + bias)`.
package struct AffineStep {
    /// What follows the product: an activation that ``Tensor/affine(_:_:_:activation:)`` fuses, or a
    /// softmax over the outputs.
    package enum Activation: Equatable {
        case fused(FusedActivation)
        case softmax
    }

    package let weight: Tensor
    package let bias: Tensor?
    package let activation: Activation

    package init(weight: Tensor, bias: Tensor?, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }
}

extension Tensor {
    /// Inference through consecutive affine layers, recording nothing. Each step runs the kernels of
    /// ``affine(_:_:_:activation:)`` (and of ``softmax(alongAxis:)`` on the last axis), so the values
    /// are identical, but without the per-operation tensors, checks and graph bookkeeping: for a
    /// single sample those cost as much as the arithmetic.
    package static func affineChain(_ x: Tensor, _ steps: [AffineStep]) -> Tensor {
        var shape = x.shape
        var input = x.storage
        for step in steps {
            let k = step.weight.shape[0], n = step.weight.shape[1]
            precondition(step.weight.rank == 2 && shape.last == k && (step.bias.map { $0.rank == 1 && $0.shape[0] == n } ?? true),
                         "affineChain: input \(shape), weight \(step.weight.shape), bias \(step.bias?.shape ?? [])")
            let m = input.count / Swift.max(k, 1)
            switch step.activation {
            case .fused(let activation):
                input = affineValues(input.pointer, rows: m, step.weight, step.bias, activation: activation)
            case .softmax:
                let logits = affineValues(input.pointer, rows: m, step.weight, step.bias, activation: .identity)
                input = lastAxisSoftmax(logits.pointer, rows: m, length: n)
            }
            shape[shape.count - 1] = n
        }
        return Tensor(shape: shape, storage: input)
    }
}
