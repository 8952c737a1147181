import DendriteCore

/// What a loss compares the model's output with.
public enum LossTargets: Sendable, Equatable {
    /// Any values shaped like the output (regression, hinge labels).
    case values
    /// Values in [0, 1] shaped like the output, one independent probability each (binary labels).
    case probabilities
    /// Rows in [0, 1] shaped like the output, a distribution over the last axis (one-hot labels).
    case distributions
    /// One integer class id per sample, `[batch]` or `[batch, 1]`.
    case classIndices
}

/// One loss of the family that `compile(loss:)` accepts, wrapped in a ``Loss``.
///
/// A member computes Keras' per-sample values: the mean over the last axis for element-wise losses,
/// and describes itself for `config.json` by its Keras name and settings. Adding one takes one
/// file and a line in ``LossRegistry`` (see docs/extending.md):
///
/// ```swift
/// struct MeanCubicError: LossFunction {
///     var name: String { "mean_cubic_error" }
///     func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor {
///         (output - targets).abs().pow(3).reshaped([output.shape[0], -1]).mean(alongAxis: 1)
///     }
/// }
/// LossRegistry.register("mean_cubic_error") { _ in MeanCubicError() }
/// model.compile(optimizer: Adam(), loss: Loss(MeanCubicError()))
/// ```
public protocol LossFunction: Sendable {
    /// Keras' name (`binary_crossentropy`): the key in `config.json` and in ``LossRegistry``.
    var name: String { get }
    /// The settings besides the name, with Keras' keys (`from_logits`, `delta`); empty by default.
    var configuration: [String: JSONValue] { get }
    /// Per-sample losses `[batch]` for outputs `[batch, …]` and targets as ``targetKind`` says.
    func perSample(_ output: Tensor, _ targets: Tensor) -> Tensor
    /// What the targets hold; `.values` by default.
    var targetKind: LossTargets { get }
    /// The final activation whose logits ``perSample(logits:_:)`` takes directly (a fused, stable
    /// form), if any; nil by default.
    var fusableActivation: Activation? { get }
    /// Per-sample losses from the logits of a final ``fusableActivation``. By default, the activation
    /// applied and then ``perSample(_:_:)``.
    func perSample(logits: Tensor, _ targets: Tensor) -> Tensor
    /// The activation that turns outputs into what metrics see, for losses that take logits
    /// (`fromLogits: true`); nil by default.
    var outputActivation: Activation? { get }
    /// Throws ``DendriteError`` naming a bad setting and its value; called by `fit`, `evaluate`
    /// and `trainOnBatch` before any work. Accepts everything by default.
    func validate() throws
}

extension LossFunction {
    public var configuration: [String: JSONValue] { [:] }
    public var targetKind: LossTargets { .values }
    public var fusableActivation: Activation? { nil }
    public var outputActivation: Activation? { nil }
    public func validate() throws {}

    public func perSample(logits: Tensor, _ targets: Tensor) -> Tensor {
        perSample(fusableActivation.map { $0(logits) } ?? logits, targets)
    }

    /// Throws unless `value` lies in [0, 1], naming the setting.
    func requireUnitInterval(_ value: Float, _ setting: String) throws {
        guard (0...1).contains(value) else { throw DendriteError.argument("\(name): \(setting) must be in [0, 1], got \(value)") }
    }
}

/// Keras' clipping constant for probabilities (`backend.epsilon()`).
let lossEpsilon: Float = 1e-7

extension Tensor {
    /// The mean over every axis but the first: `[batch, …]` → `[batch]`.
    func rowMean() -> Tensor { reshaped([shape[0], -1]).mean(alongAxis: 1) }

    /// Targets given as `[batch]` for a `[batch, 1]` output, reshaped to the output's shape.
    func aligned(to output: Tensor) -> Tensor { shape == output.shape ? self : reshaped(output.shape) }
}
