import DendriteCore

/// Group normalisation (Keras' `GroupNormalization`): the channels along `axis` are split into `groups`
/// groups of consecutive channels, and each sample is normalised over each group (its channels and every
/// other non-batch axis) on its own,
///
///     y = γ·(x − μ_g)/√(σ²_g + ε) + β      μ_g, σ²_g: the mean and biased variance of x over group g
///
/// the same in training and inference. `groups` −1 makes one group per channel (instance
/// normalisation); `groups` 1 normalises over the whole sample. The channels must divide evenly into
/// the groups. `axis` counts the batch axis as Keras does (−1, the default, is the last axis). γ and β
/// have one value per channel, Keras' weight names `gamma` and `beta`. Defaults (Keras): 32 groups,
/// ε = 1e-3, center (β) and scale (γ) on, γ = 1, β = 0. Shapes: output as input.
///
/// ```swift
/// GroupNormalization(groups: 4)       // on [batch, 10, 16]: 4 groups of 4 channels, each over 10 steps
/// ```
public final class GroupNormalization: Layer {
    public var name: String
    public var typeName: String { "GroupNormalization" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    /// The number of groups, or −1 for one per channel.
    public let groups: Int
    /// The channel axis, batch axis counted, as given (negative counts from the end).
    public let axis: Int
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let betaRegularizer: Regularizer?
    public let gammaRegularizer: Regularizer?
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?

    public init(groups: Int = 32, axis: Int = -1, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
                inputShape: [Int]? = nil, name: String = "") {
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { [gamma, beta].compactMap { $0 } }

    /// The channel axis of a batch of samples of `sampleShape` (batch axis counted) and the group count.
    private func layout(_ sampleShape: [Int]) throws -> (axis: Int, groups: Int) {
        let rank = sampleShape.count + 1
        let channelAxis = axis < 0 ? axis + rank : axis
        guard (1..<rank).contains(channelAxis) else {
            throw DendriteError.shape("\(name): GroupNormalization axis \(axis) does not fit samples of shape \(sampleShape) (the batch axis 0 cannot be the channel axis)")
        }
        let channels = sampleShape[channelAxis - 1]
        let count = groups == -1 ? channels : groups
        guard count > 0, channels % count == 0 else {
            throw DendriteError.shape("\(name): GroupNormalization needs the \(channels) channels of axis \(axis) to split evenly into groups, got groups \(groups)")
        }
        return (channelAxis, count)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard epsilon > 0 else { throw DendriteError.argument("\(name): GroupNormalization needs epsilon > 0, got \(epsilon)") }
        let channelAxis = try layout(inputShape).axis
        if let built = self.inputShape, built.count != inputShape.count || built[channelAxis - 1] != inputShape[channelAxis - 1] {
            throw DendriteError.shape("\(name): GroupNormalization built for shape \(built), got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let channels = [inputShape[try layout(inputShape).axis - 1]]
        if scale {
            gamma = Parameter(name: "\(name).gamma", value: try gammaInitializer.make(channels, using: &generator), regularizer: gammaRegularizer)
        }
        if center {
            beta = Parameter(name: "\(name).beta", value: try betaInitializer.make(channels, using: &generator), regularizer: betaRegularizer)
        }
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let (channelAxis, groups) = try? layout(Array(input.shape.dropFirst())) else {
            preconditionFailure("\(name): GroupNormalization axis \(axis) and groups \(groups) do not fit input \(input.shape)")
        }
        // The channel axis splits into [groups, channels per group]; statistics run over every axis but
        // the batch and the group.
        var grouped = input.shape
        grouped.replaceSubrange(channelAxis...channelAxis, with: [groups, input.shape[channelAxis] / groups])
        let x = input.reshaped(grouped)
        let axes = Array(1..<grouped.count).filter { $0 != channelAxis }
        let centered = x - x.mean(alongAxes: axes, keepingDimensions: true)
        let variance = centered.squared().mean(alongAxes: axes, keepingDimensions: true)
        var output = (centered / (variance + epsilon).sqrt()).reshaped(input.shape)
        let weightShape = input.shape.indices.map { $0 == channelAxis ? input.shape[$0] : 1 }
        if let gamma { output = output * gamma.value.reshaped(weightShape) }
        if let beta { output = output + beta.value.reshaped(weightShape) }
        return output
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "groups": .int(groups),
            "axis": .int(axis),
            "epsilon": .float(epsilon),
            "center": .bool(center),
            "scale": .bool(scale),
            "beta_initializer": betaInitializer.configuration,
            "gamma_initializer": gammaInitializer.configuration,
            "beta_regularizer": betaRegularizer?.configuration ?? .null,
            "gamma_regularizer": gammaRegularizer?.configuration ?? .null,
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    /// Reads Keras' keys; missing regularizers are none, and constraints (which Dendrite does not have)
    /// must be null.
    public convenience init(configuration: LayerConfiguration) throws {
        for key in ["beta_constraint", "gamma_constraint"] where ![nil, .null].contains(configuration.settings[key]) {
            throw configuration.problem(key, "is not supported (only null)")
        }
        self.init(groups: try configuration.int("groups"), axis: try configuration.int("axis"),
                  epsilon: try configuration.float("epsilon"), center: try configuration.bool("center"),
                  scale: try configuration.bool("scale"),
                  betaInitializer: try configuration.initializer("beta_initializer"),
                  gammaInitializer: try configuration.initializer("gamma_initializer"),
                  betaRegularizer: try configuration.regularizer("beta_regularizer"),
                  gammaRegularizer: try configuration.regularizer("gamma_regularizer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
