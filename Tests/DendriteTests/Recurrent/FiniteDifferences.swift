import Testing
@testable import Dendrite

/// Compares the gradients `backward()` gives for `function` with central finite differences, for
/// every element of every input and of every weight in `parameters` (the approach of
/// `Tests/Support/GradientCheck.swift`, extended to layer weights).
///
/// The scalar checked is Σ wᵢ·f(x)ᵢ with fixed random weights w; differences are taken in Float
/// and summed in Double.
func expectFiniteDifferenceGradients(
    inputs: [Tensor], parameters: [Parameter] = [], step: Float = 1e-3, tolerance: Double = 5e-3,
    sourceLocation: SourceLocation = #_sourceLocation, _ function: ([Tensor]) -> Tensor
) {
    let weights = Tensor.randomUniform(GradientMode.disabled { function(inputs) }.shape, low: -1, high: 1, seed: 99)
    func objective(_ values: [Tensor]) -> Double {
        let y = GradientMode.disabled { function(values) }.scalars
        return zip(y, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    let leaves = inputs.map { input -> Tensor in
        var leaf = input.detached()
        leaf.requiresGradient = true
        return leaf
    }
    parameters.forEach { $0.value.zeroGradient() }
    function(leaves).backward(gradient: weights)
    let analytic = leaves.map { $0.gradient?.scalars } + parameters.map { $0.gradient?.scalars }
    parameters.forEach { $0.value.zeroGradient() }

    var values = inputs
    for index in 0..<(inputs.count + parameters.count) {
        let isInput = index < inputs.count
        let original = isInput ? inputs[index] : parameters[index - inputs.count].value.detached()
        func set(_ tensor: Tensor) {
            if isInput { values[index] = tensor } else { parameters[index - inputs.count].value = tensor }
        }
        let gradient = analytic[index] ?? Array(repeating: 0, count: original.count)
        for element in 0..<original.count {
            var scalars = original.scalars
            scalars[element] += step
            let upper = scalars[element]
            set(Tensor(shape: original.shape, scalars: scalars))
            let plus = objective(values)
            scalars[element] -= 2 * step
            let lower = scalars[element]
            set(Tensor(shape: original.shape, scalars: scalars))
            let numeric = (plus - objective(values)) / (Double(upper) - Double(lower))
            let difference = Swift.abs(numeric - Double(gradient[element]))
            #expect(difference <= tolerance * Swift.max(1, Swift.abs(numeric)),
                    "tensor \(index) element \(element): analytic \(gradient[element]), numeric \(numeric)",
                    sourceLocation: sourceLocation)
        }
        set(original)
    }
}
