import Testing
import DendriteCore

/// Compares the gradients `backward()` gives with central finite differences.
///
/// The scalar checked is Σ wᵢ·f(x)ᵢ with fixed random weights w, so every output element
/// matters; the differences are taken in Float and summed in Double.
public func expectGradientsMatchFiniteDifferences(
    _ inputs: [Tensor], step: Float = 1e-3, tolerance: Double = 5e-3,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ function: ([Tensor]) -> Tensor
) {
    let output = GradientMode.disabled { function(inputs) }
    let weights = Tensor.randomUniform(output.shape, low: -1, high: 1, seed: 99).scalars

    func objective(_ values: [Tensor]) -> Double {
        let y = GradientMode.disabled { function(values) }.scalars
        return zip(y, weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    let leaves = inputs.map { input -> Tensor in
        var leaf = input.detached()
        leaf.requiresGradient = true
        return leaf
    }
    let result = function(leaves)
    result.backward(gradient: Tensor(shape: result.shape, scalars: weights))

    for index in leaves.indices {
        let analytic = leaves[index].gradient?.scalars ?? Array(repeating: 0, count: inputs[index].count)
        #expect(analytic.count == inputs[index].count, sourceLocation: sourceLocation)
        for element in 0..<inputs[index].count {
            var plus = inputs, minus = inputs
            plus[index] = perturbed(inputs[index], element, by: step)
            minus[index] = perturbed(inputs[index], element, by: -step)
            let actualStep = Double(plus[index].scalars[element]) - Double(minus[index].scalars[element])
            let numeric = (objective(plus) - objective(minus)) / actualStep
            let difference = Swift.abs(numeric - Double(analytic[element]))
            #expect(difference <= tolerance * Swift.max(1, Swift.abs(numeric)),
                    "input \(index) element \(element): analytic \(analytic[element]), numeric \(numeric)",
                    sourceLocation: sourceLocation)
        }
        leaves[index].zeroGradient()
    }
}

private func perturbed(_ tensor: Tensor, _ element: Int, by delta: Float) -> Tensor {
    var values = tensor.scalars
    values[element] += delta
    return Tensor(shape: tensor.shape, scalars: values)
}

/// Element-wise closeness: `|a − e| ≤ absolute + relative·|e|` (NaN matches NaN). Records an issue
/// for the first element outside, named by `what`, and returns the largest relative deviation
/// `|a − e| / max(|e|, absolute / relative)` for reports.
@discardableResult
public func expectClose(_ actual: Tensor, _ expected: Tensor, relative: Float = 1e-5, absolute: Float = 1e-6,
                        _ what: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation) -> Float {
    let label = what().isEmpty ? "" : what() + ": "
    #expect(actual.shape == expected.shape, "\(label)shape \(actual.shape), expected \(expected.shape)",
            sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return .infinity }
    var worst: Float = 0
    var reported = false
    for (index, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() {
        if a.isNaN && e.isNaN { continue }
        let difference = Swift.abs(a - e)
        worst = Swift.max(worst, difference / Swift.max(Swift.abs(e), absolute / relative))
        if !reported && !(a == e || difference <= absolute + relative * Swift.abs(e)) {
            Issue.record("\(label)element \(index) is \(a), expected \(e)", sourceLocation: sourceLocation)
            reported = true
        }
    }
    return worst
}
