import DendriteCore

/// Batch normalisation of the last (channel) axis, as Keras' `BatchNormalization(axis=-1)`:
///
///     training:   y = γ·(x − μ_B)/√(σ²_B + ε) + β      μ_B, σ²_B: the batch's mean and biased variance
///                 moving_mean ← moving_mean·momentum + μ_B·(1 − momentum)   (likewise moving_variance
///                 with σ²_B, the biased variance, as Keras 3)
///     inference:  y = γ·(x − moving_mean)/√(moving_variance + ε) + β
///
/// Statistics are taken over every axis but the last. Shapes: input `[batch, …, c]`, output the same;
/// weights `[c]` in Keras' order gamma, beta, moving_mean, moving_variance. The moving statistics are
/// non-trainable: no gradient reaches them and optimizers skip them; the forward pass updates them
/// when training. A frozen layer (`trainable = false`) uses the moving statistics even when training,
/// as in Keras. Defaults (Keras): momentum 0.99, ε = 1e-3, center and scale on, γ = 1, β = 0,
/// moving mean 0, moving variance 1.
public final class BatchNormalization: Layer {
    public var name: String
    public var typeName: String { "BatchNormalization" }
    public let momentum: Double
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?
    public private(set) var movingMean: Parameter?
    public private(set) var movingVariance: Parameter?

    public init(momentum: Double = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                inputShape: [Int]? = nil, name: String = "") {
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard (0...1).contains(momentum), epsilon > 0 else {
            throw DendriteError.argument("\(name): BatchNormalization needs momentum in [0, 1] and epsilon > 0, got \(momentum) and \(epsilon)")
        }
        guard let channels = inputShape.last, channels > 0 else {
            throw DendriteError.shape("\(name): BatchNormalization needs inputs with a channel axis, got shape \(inputShape)")
        }
        if let built = self.inputShape, built.last != channels {
            throw DendriteError.shape("\(name): built for \(built.last!) channels, got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let channels = inputShape[inputShape.count - 1]
        if scale { gamma = Parameter(name: "\(name).gamma", value: .ones([channels])) }
        if center { beta = Parameter(name: "\(name).beta", value: .zeros([channels])) }
        movingMean = Parameter(name: "\(name).moving_mean", value: .zeros([channels]), isLayerState: true)
        movingVariance = Parameter(name: "\(name).moving_variance", value: .ones([channels]), isLayerState: true)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let movingMean, let movingVariance else { preconditionFailure("\(name): BatchNormalization used before build") }
        let frozen = [gamma, beta].contains { $0?.trainable == false }
        guard training, !frozen else {
            return batchNormalization(input, mean: movingMean.value.detached(), variance: movingVariance.value.detached(),
                                      scale: gamma?.value, offset: beta?.value, epsilon: epsilon)
        }
        let (output, mean, variance) = batchNormalization(training: input, scale: gamma?.value, offset: beta?.value,
                                                          epsilon: epsilon)
        GradientMode.disabled {
            let (keep, take) = (Float(momentum), Float(1 - momentum))
            movingMean.value = movingMean.value.detached() * keep + mean * take
            movingVariance.value = movingVariance.value.detached() * keep + variance * take
        }
        return output
    }

    public var configuration: [String: String] {
        ["axis": "-1", "momentum": "\(momentum)", "epsilon": "\(epsilon)", "center": "\(center)", "scale": "\(scale)"]
    }
}
