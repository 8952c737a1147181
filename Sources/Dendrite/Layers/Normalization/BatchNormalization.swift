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
/// moving mean 0, moving variance 1 (each from an ``Initializer``).
///
/// ```swift
/// BatchNormalization()    // after Conv2D(16, …): 32 trainable and 32 non-trainable weights
/// ```
public final class BatchNormalization: Layer {
    public var name: String
    public var typeName: String { "BatchNormalization" }
    /// The channel axis: -1, or its positive index counting the batch axis as 0 (Keras 2 writes `[3]`
    /// for images); only the last axis is supported.
    public let axis: Int
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let momentum: Double
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let movingMeanInitializer: Initializer
    public let movingVarianceInitializer: Initializer
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?
    public private(set) var movingMean: Parameter?
    public private(set) var movingVariance: Parameter?

    public init(axis: Int = -1, momentum: Double = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                movingMeanInitializer: Initializer = .zeros, movingVarianceInitializer: Initializer = .ones,
                inputShape: [Int]? = nil, name: String = "") {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
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
        guard axis == -1 || axis == inputShape.count else {
            throw DendriteError.shape("\(name): BatchNormalization normalises the last axis only (-1 or \(inputShape.count) for samples of shape \(inputShape)), got axis \(axis)")
        }
        if let built = self.inputShape, built.last != channels {
            throw DendriteError.shape("\(name): built for \(built.last!) channels, got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let channels = inputShape[inputShape.count - 1]
        func make(_ initializer: Initializer) throws -> Tensor { try initializer.make([channels], using: &generator) }
        if scale { gamma = Parameter(name: "\(name).gamma", value: try make(gammaInitializer)) }
        if center { beta = Parameter(name: "\(name).beta", value: try make(betaInitializer)) }
        movingMean = Parameter(name: "\(name).moving_mean", value: try make(movingMeanInitializer), isLayerState: true)
        movingVariance = Parameter(name: "\(name).moving_variance", value: try make(movingVarianceInitializer),
                                   isLayerState: true)
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

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "axis": .int(axis),
            "momentum": .number(momentum),
            "epsilon": .float(epsilon),
            "center": .bool(center),
            "scale": .bool(scale),
            "beta_initializer": betaInitializer.configuration,
            "gamma_initializer": gammaInitializer.configuration,
            "moving_mean_initializer": movingMeanInitializer.configuration,
            "moving_variance_initializer": movingVarianceInitializer.configuration,
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        // Keras 2 writes the axis as a list of one.
        let axes = try configuration.integers("axis", count: 1)
        guard axes[0] == -1 || axes[0] > 0 else {
            throw configuration.problem("axis", "must be the channel axis (-1, the only one supported), got \(axes[0])")
        }
        self.init(axis: axes[0], momentum: try configuration.double("momentum"), epsilon: try configuration.float("epsilon"),
                  center: try configuration.bool("center"), scale: try configuration.bool("scale"),
                  betaInitializer: try configuration.initializer("beta_initializer"),
                  gammaInitializer: try configuration.initializer("gamma_initializer"),
                  movingMeanInitializer: try configuration.initializer("moving_mean_initializer"),
                  movingVarianceInitializer: try configuration.initializer("moving_variance_initializer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
