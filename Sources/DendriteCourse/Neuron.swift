import Dendrite

/// One artificial neuron: the weighted sum of its inputs plus a bias, passed through an activation φ.
///
///     z = w · x + b = Σᵢ wᵢ xᵢ + b
///     output = φ(z)
///
/// Shapes: `weights` and the inputs hold one value per input; the bias and the output are scalars.
/// A `Dense` layer is many of these side by side, applied to a batch at once.
///
/// ```swift
/// let neuron = Neuron(weights: [0.5, -1, 2], bias: 0.1, activation: .sigmoid)
/// try neuron.output(for: [1, 2, 3])   // z = 0.5 − 2 + 6 + 0.1 = 4.6, σ(4.6) ≈ 0.99005
/// ```
public struct Neuron: Sendable, Equatable {
    public var weights: [Float]
    public var bias: Float
    public var activation: Activation

    /// A neuron with the given weights, bias (default 0) and activation (default linear, φ(z) = z).
    public init(weights: [Float], bias: Float = 0, activation: Activation = .linear) {
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// The pre-activation z = w · x + b.
    public func weightedSum(of inputs: [Float]) throws -> Float {
        guard inputs.count == weights.count else {
            throw DendriteError.shape("Neuron: \(inputs.count) inputs for \(weights.count) weights")
        }
        if let bad = inputs.firstIndex(where: { !$0.isFinite }) {
            throw DendriteError.data("Neuron: input \(bad) is \(inputs[bad]), not a finite number")
        }
        return zip(weights, inputs).map { $0 * $1 }.reduce(bias, +)
    }

    /// The forward pass φ(w · x + b).
    public func output(for inputs: [Float]) throws -> Float {
        activation(Tensor([try weightedSum(of: inputs)])).scalars[0]
    }
}
