import Dendrite

extension Plot {
    /// Activation functions over `range`, one line each; with `includeDerivatives`, a second panel
    /// beside it shows their derivatives in the same colours.
    ///
    /// Derivatives come from the library's own autodiff (`f(x).sum().backward()` on a leaf `x`), so
    /// the picture shows what training uses: e.g. the step function's derivative is drawn as 0
    /// everywhere, and relu's at 0 is the one its backward pass picks.
    ///
    /// - Parameters:
    ///   - range: the x values, sampled at `samples` evenly spaced points (ends included).
    /// - Throws: ``DendriteError`` for no activations, softmax (not an element-wise function: it
    ///   has no curve), an empty range or fewer than 2 samples.
    public static func activationFunctions(_ activations: [Activation], range: ClosedRange<Float> = -5...5,
                                           includeDerivatives: Bool = true, samples: Int = 201) throws -> String {
        guard !activations.isEmpty else { throw DendriteError.argument("Plot.activationFunctions: no activations given") }
        guard !activations.contains(.softmax) else {
            throw DendriteError.argument("Plot.activationFunctions: softmax normalises across a vector, so it has no curve of one variable")
        }
        guard range.lowerBound < range.upperBound, range.lowerBound.isFinite, range.upperBound.isFinite else {
            throw DendriteError.argument("Plot.activationFunctions: range must be finite and non-empty, got \(range)")
        }
        guard samples >= 2 else { throw DendriteError.argument("Plot.activationFunctions: samples must be ≥ 2, got \(samples)") }

        let names = activations.map(\.name)
        var values = LineChart(title: "Activation functions", xLabel: "x", yLabel: "f(x)")
        var derivatives = LineChart(title: "Derivatives", xLabel: "x", yLabel: "f′(x)")
        for activation in activations {
            var x = Tensor.linspace(range.lowerBound, range.upperBound, count: samples)
            x.requiresGradient = true
            let y = activation(x)
            y.sum().backward()
            let name = names.filter { $0 == activation.name }.count > 1 ? "\(activation)" : activation.name
            values.add(name, x: x.scalars, y: y.scalars)
            derivatives.add(name, x: x.scalars, y: x.gradient?.scalars ?? [])
        }
        let domain = Double(range.lowerBound)...Double(range.upperBound)
        values.xRange = domain
        derivatives.xRange = domain
        return includeDerivatives ? Figure([values, derivatives], columns: 2).svg : values.svg
    }
}
