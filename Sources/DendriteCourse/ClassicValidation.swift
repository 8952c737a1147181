import Dendrite

/// Checks shared by the classic binary classifiers (`Perceptron`, `LogisticRegression`).
enum ClassicValidation {
    /// Features are a non-empty, finite `[n, inputCount]` matrix.
    static func checkFeatures(_ x: Tensor, inputCount: Int, model: String) throws {
        guard inputCount > 0 else { throw DendriteError.argument("\(model): needs at least 1 input, has \(inputCount)") }
        guard x.rank == 2, x.shape[1] == inputCount else {
            throw DendriteError.shape("\(model): features must have shape [samples, \(inputCount)], got \(x.shape)")
        }
        guard x.shape[0] > 0 else { throw DendriteError.data("\(model): no samples (features of shape \(x.shape))") }
        try FiniteValues.require(x, "\(model): features")
    }

    /// Features as above, and one finite 0/1 label per sample, `[n]` or `[n, 1]`.
    static func checkBinaryTrainingData(_ x: Tensor, _ y: Tensor, inputCount: Int, model: String) throws {
        try checkFeatures(x, inputCount: inputCount, model: model)
        guard y.count == x.shape[0], y.shape == [x.shape[0]] || y.shape == [x.shape[0], 1] else {
            throw DendriteError.shape("\(model): \(x.shape[0]) samples need labels of shape [\(x.shape[0])] or "
                                      + "[\(x.shape[0]), 1], got \(y.shape)")
        }
        try FiniteValues.require(y, "\(model): labels")
        if let bad = y.scalars.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw DendriteError.data("\(model): label \(y.scalars[bad]) of sample \(bad) is not 0 or 1")
        }
    }

    /// A positive, finite learning rate and a non-negative number of epochs.
    static func checkTrainingSettings(learningRate: Float, epochs: Int, epochsName: String = "epochs", model: String) throws {
        guard learningRate > 0, learningRate.isFinite else {
            throw DendriteError.argument("\(model): learningRate must be a positive number, got \(learningRate)")
        }
        guard epochs >= 0 else { throw DendriteError.argument("\(model): \(epochsName) must be 0 or more, got \(epochs)") }
    }
}
