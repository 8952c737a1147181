import DendriteCore

/// Standardises each feature to zero mean and unit variance: `(x − mean) / std`, with the
/// population standard deviation (as scikit-learn); constant features are left unscaled.
public struct StandardScaler: Sendable, Codable, Equatable {
    public private(set) var mean: [Float] = []
    public private(set) var scale: [Float] = []

    public init() {}

    /// Learns mean and standard deviation of each column of `[samples, features]`.
    /// - Throws: ``DendriteError`` for another shape, no samples, or a non-finite value (naming its sample).
    public func fit(_ x: Tensor) throws -> StandardScaler {
        try checkFitData(x, scaler: "StandardScaler")
        var fitted = self
        let mean = x.mean(alongAxis: 0)
        fitted.mean = mean.scalars
        fitted.scale = x.variance(alongAxes: [0]).scalars.map { $0 > 0 ? $0.squareRoot() : 1 }
        return fitted
    }

    /// `(x − mean) / std` for `[samples, features]`.
    /// - Throws: ``DendriteError`` before ``fit(_:)`` or for a feature count other than the fitted one.
    public func transform(_ x: Tensor) throws -> Tensor {
        try checkFitted(mean.count, x, scaler: "StandardScaler", operation: "transform")
        return try finiteResult((x - Tensor(mean)) / Tensor(scale), of: x, scaler: "StandardScaler") { "mean \(mean[$0]), scale \(scale[$0])" }
    }

    /// `x · std + mean`: the original values of transformed ones.
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        try checkFitted(mean.count, x, scaler: "StandardScaler", operation: "inverseTransform")
        return x * Tensor(scale) + Tensor(mean)
    }
}

/// Rescales each feature to `[low, high]` (default [0, 1]) from its training minimum and maximum.
public struct MinMaxScaler: Sendable, Codable, Equatable {
    public let low: Float
    public let high: Float
    public private(set) var minimum: [Float] = []
    public private(set) var range: [Float] = []

    public init(low: Float = 0, high: Float = 1) {
        self.low = low
        self.high = high
    }

    /// Learns the minimum and maximum of each column of `[samples, features]`.
    /// - Throws: ``DendriteError`` for another shape, no samples, or a non-finite value (naming its sample).
    public func fit(_ x: Tensor) throws -> MinMaxScaler {
        try checkFitData(x, scaler: "MinMaxScaler")
        var fitted = self
        let lower = x.min(alongAxes: [0]), upper = x.max(alongAxes: [0])
        fitted.minimum = lower.scalars
        fitted.range = zip(upper.scalars, lower.scalars).map { $0 - $1 > 0 ? $0 - $1 : 1 }
        return fitted
    }

    /// `(x − min) / (max − min) · (high − low) + low` for `[samples, features]`.
    /// - Throws: ``DendriteError`` before ``fit(_:)`` or for a feature count other than the fitted one.
    public func transform(_ x: Tensor) throws -> Tensor {
        try checkFitted(minimum.count, x, scaler: "MinMaxScaler", operation: "transform")
        return try finiteResult((x - Tensor(minimum)) / Tensor(range) * (high - low) + low, of: x, scaler: "MinMaxScaler") {
            "minimum \(minimum[$0]), range \(range[$0])"
        }
    }

    /// The original values of transformed ones.
    public func inverseTransform(_ x: Tensor) throws -> Tensor {
        try checkFitted(minimum.count, x, scaler: "MinMaxScaler", operation: "inverseTransform")
        return (x - low) / (high - low) * Tensor(range) + Tensor(minimum)
    }
}

/// `result`, the transform of `x`, unless a finite value of `x` became infinite or NaN: the scaler
/// (fitted on data of another range) is then at fault, not the features, and the message says so.
private func finiteResult(_ result: Tensor, of x: Tensor, scaler: String, fitted: (Int) -> String) throws -> Tensor {
    guard let index = result.firstNonFiniteIndex, x.buffer[index].isFinite else { return result }
    let width = x.shape[1], column = index % width
    throw DendriteError.data("\(scaler): transform turns the finite value \(x.buffer[index]) (sample \(index / width), feature \(column)) "
                             + "into \(result.buffer[index]) with the fitted \(fitted(column)); the value is far outside the range "
                             + "the scaler was fitted on")
}

/// Throws unless `x` is `[samples, features]` with at least one of each and only finite values.
private func checkFitData(_ x: Tensor, scaler: String) throws {
    guard x.rank == 2, x.shape[0] > 0, x.shape[1] > 0 else {
        throw DendriteError.shape("\(scaler): fit needs data of shape [samples, features] with at least one of each, got \(x.shape)")
    }
    try FiniteValues.require(x, "\(scaler): fit data")
}

/// Throws unless the scaler was fitted and `x` is `[samples, fittedWidth]`.
private func checkFitted(_ fittedWidth: Int, _ x: Tensor, scaler: String, operation: String) throws {
    guard fittedWidth > 0 else {
        throw DendriteError.argument("\(scaler): \(operation) called before fit; call fit(_:) on training data first")
    }
    guard x.rank == 2, x.shape[1] == fittedWidth else {
        throw DendriteError.shape("\(scaler): \(operation) got shape \(x.shape); the scaler was fitted on \(fittedWidth) features, expected [samples, \(fittedWidth)]")
    }
}
