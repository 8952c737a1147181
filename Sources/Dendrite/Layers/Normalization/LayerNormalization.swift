import DendriteCore

/// Layer normalisation (Keras' `LayerNormalization`): each sample is normalised over `axis` on its own,
///
///     y = γ·(x − μ)/√(σ² + ε) + β      μ, σ²: the mean and biased variance of x over `axis`
///
/// with the same computation in training and inference (no moving statistics). `axis` counts the batch
/// axis as Keras does (−1, the default, is the last axis; several axes normalise over all of them; the
/// batch axis cannot be one). γ and β have the sizes of those axes (`[features]` for axis −1), Keras'
/// weight names `gamma` and `beta`. Defaults (Keras): ε = 1e-3, center (β) and scale (γ) on, γ = 1, β = 0.
/// Shapes: output as input.
///
/// ```swift
/// LayerNormalization()                 // on [batch, 10, 16]: normalises each of the 10 vectors of 16
/// LayerNormalization(axis: [1, 2])     // over the whole [10, 16] sample
/// ```
public final class LayerNormalization: Layer {
    public var name: String
    public var typeName: String { "LayerNormalization" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    /// The normalised axes, batch axis counted, as given (negative counts from the end).
    public let axis: [Int]
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?

    public init(axis: [Int] = [-1], epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                inputShape: [Int]? = nil, name: String = "") {
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.declaredInputShape = inputShape
        self.name = name
    }

    public convenience init(axis: Int, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                            inputShape: [Int]? = nil, name: String = "") {
        self.init(axis: [axis], epsilon: epsilon, center: center, scale: scale, inputShape: inputShape, name: name)
    }

    public var parameters: [Parameter] { [gamma, beta].compactMap { $0 } }

    /// The normalised axes of a batch of samples of `sampleShape`, sorted, batch axis counted.
    private func batchAxes(_ sampleShape: [Int]) throws -> [Int] {
        let rank = sampleShape.count + 1
        let axes = axis.map { $0 < 0 ? $0 + rank : $0 }
        guard !axes.isEmpty, axes.allSatisfy({ (1..<rank).contains($0) }), Set(axes).count == axes.count else {
            throw DendriteError.shape("\(name): LayerNormalization axis \(axis) does not fit samples of shape \(sampleShape) (the batch axis 0 cannot be normalised)")
        }
        return axes.sorted()
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard epsilon > 0 else { throw DendriteError.argument("\(name): LayerNormalization needs epsilon > 0, got \(epsilon)") }
        let axes = try batchAxes(inputShape)
        if let built = self.inputShape, try batchAxes(built).map({ built[$0 - 1] }) != axes.map({ inputShape[$0 - 1] }) {
            throw DendriteError.shape("\(name): LayerNormalization built for shape \(built), got shape \(inputShape)")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let shape = try batchAxes(inputShape).map { inputShape[$0 - 1] }
        if scale { gamma = Parameter(name: "\(name).gamma", value: try gammaInitializer.make(shape, using: &generator)) }
        if center { beta = Parameter(name: "\(name).beta", value: try betaInitializer.make(shape, using: &generator)) }
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let axes = try? batchAxes(Array(input.shape.dropFirst())) else {
            preconditionFailure("\(name): LayerNormalization axis \(axis) does not fit input \(input.shape)")
        }
        let mean = input.mean(alongAxes: axes, keepingDimensions: true)
        let centered = input - mean
        let variance = centered.squared().mean(alongAxes: axes, keepingDimensions: true)
        var output = centered / (variance + epsilon).sqrt()
        // γ and β spread over the normalised axes, size 1 on every other.
        let weightShape = input.shape.indices.map { axes.contains($0) ? input.shape[$0] : 1 }
        if let gamma { output = output * gamma.value.reshaped(weightShape) }
        if let beta { output = output + beta.value.reshaped(weightShape) }
        return output
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "axis": .array(axis.map(JSONValue.int)),
            "epsilon": .float(epsilon),
            "center": .bool(center),
            "scale": .bool(scale),
            "rms_scaling": .bool(false),
            "beta_initializer": betaInitializer.configuration,
            "gamma_initializer": gammaInitializer.configuration,
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    /// Reads Keras' keys; `axis` may be one integer or a list, as Keras writes it before and after `build`.
    public convenience init(configuration: LayerConfiguration) throws {
        if case .bool(true) = configuration.settings["rms_scaling"] {
            throw configuration.problem("rms_scaling", "is not supported (only false)")
        }
        let axis: [Int]
        if case .number = try configuration.value("axis") { axis = [try configuration.int("axis")] } else {
            axis = try configuration.integers("axis")
        }
        self.init(axis: axis, epsilon: try configuration.float("epsilon"), center: try configuration.bool("center"),
                  scale: try configuration.bool("scale"),
                  betaInitializer: try configuration.initializer("beta_initializer"),
                  gammaInitializer: try configuration.initializer("gamma_initializer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
