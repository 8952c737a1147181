import DendriteCore

/// A fully connected layer: `activation(x · kernel + bias)`.
///
/// Shapes: input `[batch, in]` (or `[batch, …, in]`: applied to the last axis), kernel `[in, out]`
/// (Keras' layout), bias `[out]`, output `[batch, out]`. Defaults follow Keras: Glorot-uniform
/// kernel, zero bias.
///
/// ```swift
/// Dense(16, activation: .relu, inputShape: [30])
/// ```
public final class Dense: ActivatedLayer {
    public var name: String
    public var typeName: String { "Dense" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var kernel: Parameter?
    public private(set) var bias: Parameter?

    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                inputShape: [Int]? = nil, name: String = "") {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.declaredInputShape = inputShape
        self.name = name
        self.fusedActivation = Dense.fused(activation)
        self.chainActivation = fusedActivation.map { .fused($0) } ?? (activation == .softmax ? .softmax : nil)
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard units > 0 else { throw DendriteError.argument("\(name): Dense needs at least 1 unit, got \(units)") }
        guard let last = inputShape.last, last > 0 else {
            throw DendriteError.shape("\(name): Dense needs inputs with a feature axis, got shape \(inputShape)")
        }
        if let built = self.inputShape, built.last != last {
            throw DendriteError.shape("\(name): built for \(built.last!) input features, got shape \(inputShape)")
        }
        return inputShape.dropLast() + [units]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let features = inputShape[inputShape.count - 1]
        kernel = Parameter(name: "\(name).kernel", value: try kernelInitializer.make([features, units], using: &generator),
                           regularizer: kernelRegularizer)
        if useBias {
            bias = Parameter(name: "\(name).bias", value: try biasInitializer.make([units], using: &generator),
                             regularizer: biasRegularizer)
        }
        self.inputShape = inputShape
    }

    public func preActivation(_ input: Tensor, training: Bool) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): Dense used before build") }
        return Tensor.affine(input, kernel.value, bias?.value)
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): Dense used before build") }
        guard let fused = fusedActivation else { return activation(preActivation(input, training: training)) }
        return Tensor.affine(input, kernel.value, bias?.value, activation: fused)
    }

    /// The activation when it runs inside the fused product (the common ones); nil for the others,
    /// which run on its result. Worked out once in `init`: comparing activations is not free.
    private let fusedActivation: FusedActivation?

    private static func fused(_ activation: Activation) -> FusedActivation? {
        switch activation {
        case .linear: .identity
        case .relu: .relu
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        default: nil
        }
    }

    /// This layer as a step of ``Tensor/affineChain(_:_:)`` (inference without bookkeeping), when it
    /// is built and its activation is fused or a softmax.
    var inferenceStep: AffineStep? {
        guard let kernel, let chainActivation else { return nil }
        return AffineStep(weight: kernel.value, bias: bias?.value, activation: chainActivation)
    }

    /// How the affine chain applies this layer's activation, if it can.
    private let chainActivation: AffineStep.Activation?

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "units": .int(units),
            "activation": activation.configuration,
            "use_bias": .bool(useBias),
            "kernel_initializer": kernelInitializer.configuration,
            "bias_initializer": biasInitializer.configuration,
            "kernel_regularizer": kernelRegularizer?.configuration ?? .null,
            "bias_regularizer": biasRegularizer?.configuration ?? .null,
            "input_shape": declaredInputShape.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.int("units"), activation: try configuration.activation("activation"),
                  useBias: try configuration.bool("use_bias"),
                  kernelInitializer: try configuration.initializer("kernel_initializer"),
                  biasInitializer: try configuration.initializer("bias_initializer"),
                  kernelRegularizer: try configuration.regularizer("kernel_regularizer"),
                  biasRegularizer: try configuration.regularizer("bias_regularizer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
