import DendriteCore

/// Checks of user data before any training step, each naming what is wrong and where.
enum DataValidation {
    /// Throws naming the sample (counted from `firstSample`) of the first NaN or infinite value.
    static func requireFinite(_ tensor: Tensor, _ role: String, firstSample: Int = 0) throws {
        if let index = tensor.firstNonFiniteIndex {
            let width = Swift.max(tensor.count / Swift.max(tensor.shape.first ?? 1, 1), 1)
            throw DendriteError.data(
                "\(role) contain a non-finite value (\(tensor.buffer[index])) in sample \(firstSample + index / width)")
        }
    }

    /// Features and targets agree with each other, with the model and with the loss.
    static func check(features x: Tensor, targets y: Tensor, model: Sequential, loss: Loss, role: String = "") throws {
        let prefix = role.isEmpty ? "" : "\(role) "
        guard x.rank >= 1, x.shape[0] > 0 else { throw DendriteError.data("\(prefix)data set is empty (features of shape \(x.shape))") }
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw DendriteError.data("\(prefix)features have \(x.shape[0]) samples but targets have \(y.shape.first ?? 0)")
        }
        try requireFinite(x, "\(prefix)features")
        try requireFinite(y, "\(prefix)targets")
        let sample = Array(x.shape.dropFirst())
        if let expected = model.expectedInputShape, expected != sample {
            throw DendriteError.shape("\(prefix)features have samples of shape \(sample) but \(model.name) expects \(expected)")
        }
        try checkInput(x, model: model, role: role)
        guard let output = try outputShape(model, sample) else { return }
        let width = output.last ?? 1
        let targetSample = Array(y.shape.dropFirst())
        if loss.usesClassLabels {
            guard targetSample.reduce(1, *) == 1 else {
                throw DendriteError.shape("\(prefix)sparse categorical targets must be one class id per sample, got shape \(y.shape)")
            }
            if let bad = y.scalars.firstIndex(where: { $0 < 0 || $0 >= Float(width) || $0 != $0.rounded() }) {
                throw DendriteError.data("\(prefix)target \(y.scalars[bad]) of sample \(bad) is not a class id in 0..<\(width)")
            }
            return
        }
        guard targetSample.reduce(1, *) == output.reduce(1, *) else {
            throw DendriteError.shape("\(prefix)targets have samples of shape \(targetSample) but the model outputs \(output)")
        }
        if loss.targetKind == .probabilities || loss.targetKind == .distributions,
           let bad = y.scalars.firstIndex(where: { $0 < 0 || $0 > 1 }) {
            let perSample = Swift.max(y.count / y.shape[0], 1)
            throw DendriteError.data("\(prefix)target \(y.scalars[bad]) of sample \(bad / perSample) is outside [0, 1] required by \(loss.name)")
        }
    }

    /// The model's first computing layer accepts the values of `x` (``Layer/validate(input:)``).
    static func checkInput(_ x: Tensor, model: Sequential, role: String = "") throws {
        guard let first = model.computingLayers.first else { return }
        do { try first.validate(input: x) } catch let error as DendriteError where !role.isEmpty {
            throw DendriteError(error.kind, "\(role) data: \(error.message)")
        }
    }

    private static func outputShape(_ model: Sequential, _ sample: [Int]) throws -> [Int]? {
        var shape = sample
        for layer in model.layers { shape = try layer.outputShape(for: shape) }
        return shape
    }
}
