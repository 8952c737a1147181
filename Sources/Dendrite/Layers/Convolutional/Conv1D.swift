import DendriteCore

/// A 1-D convolution layer on channels-last sequences: `activation(conv1d(x, kernel) + bias)`.
///
/// Shapes: input `[batch, steps, in]`, kernel `[k, in, filters]` (Keras' layout), bias `[filters]`,
/// output `[batch, outSteps, filters]` (`.valid`: ⌊(steps − span) / stride⌋ + 1, `.same`: ⌈steps / stride⌉,
/// `.causal`: as `.valid` after `(k − 1)·dilation` zero steps are put before the sequence, so that output
/// step t sees input steps ≤ t only; with stride 1 the output is as long as the input).
/// Defaults follow Keras: stride 1, `.valid`, dilation 1, Glorot-uniform kernel, zero bias.
///
/// ```swift
/// Conv1D(16, kernelSize: 3, padding: .same, activation: .relu, inputShape: [100, 8])
/// ```
public final class Conv1D: ActivatedLayer {
    /// Keras' `padding` of `Conv1D`: the shared window paddings, plus `causal`.
    public enum Padding: String, Sendable {
        case valid, same, causal
    }

    public var name: String
    public var typeName: String { "Conv1D" }
    public let filters: Int
    public let kernelSize: Int
    public let strides: Int
    public let padding: Padding
    public let dilation: Int
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

    public init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid, dilation: Int = 1,
                activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                inputShape: [Int]? = nil, name: String = "") {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.dilation = dilation
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.declaredInputShape = inputShape
        self.name = name
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let steps = try SlidingWindow.axis(
            layer: name, type: typeName, inputShape: padding == .causal && !inputShape.isEmpty
                ? [inputShape[0] + causalPadding] + inputShape.dropFirst() : inputShape, window: kernelSize, stride: strides,
            dilation: dilation, padding: windowPadding, windowLabel: "kernel")
        guard filters > 0 else { throw DendriteError.argument("\(name): Conv1D needs at least 1 filter, got \(filters)") }
        if let built = self.inputShape, built.last != inputShape.last {
            throw DendriteError.shape("\(name): built for \(built.last!) input channels, got shape \(inputShape)")
        }
        return [steps.output, filters]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        kernel = Parameter(name: "\(name).kernel",
                           value: try kernelInitializer.make([kernelSize, inputShape[1], filters], using: &generator),
                           regularizer: kernelRegularizer)
        if useBias {
            bias = Parameter(name: "\(name).bias", value: try biasInitializer.make([filters], using: &generator),
                             regularizer: biasRegularizer)
        }
        self.inputShape = inputShape
    }

    public func preActivation(_ input: Tensor, training: Bool) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): Conv1D used before build") }
        let padded = padding == .causal ? input.zeroPadded([(0, 0), (causalPadding, 0), (0, 0)]) : input
        return conv1d(padded, kernel.value, bias: bias?.value, stride: strides, padding: windowPadding, dilation: dilation)
    }

    /// The zero steps put before the sequence with `.causal` padding: `(kernelSize − 1)·dilation`.
    private var causalPadding: Int { Swift.max(kernelSize - 1, 0) * dilation }

    /// The padding of the sliding window itself (`.valid` for `.causal`, whose zeros are added first).
    private var windowPadding: DendriteCore.Padding { padding == .same ? .same : .valid }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        activation(preActivation(input, training: training))
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "filters": .int(filters),
            "kernel_size": [.int(kernelSize)],
            "strides": [.int(strides)],
            "padding": .string(padding.rawValue),
            "dilation_rate": [.int(dilation)],
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
        self.init(try configuration.int("filters"), kernelSize: try configuration.integers("kernel_size", count: 1)[0],
                  strides: try configuration.integers("strides", count: 1)[0], padding: try Self.padding(configuration),
                  dilation: try configuration.integers("dilation_rate", count: 1)[0],
                  activation: try configuration.activation("activation"), useBias: try configuration.bool("use_bias"),
                  kernelInitializer: try configuration.initializer("kernel_initializer"),
                  biasInitializer: try configuration.initializer("bias_initializer"),
                  kernelRegularizer: try configuration.regularizer("kernel_regularizer"),
                  biasRegularizer: try configuration.regularizer("bias_regularizer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}

extension Conv1D {
    /// `"valid"`, `"same"` or `"causal"`.
    static func padding(_ configuration: LayerConfiguration) throws -> Padding {
        let text = try configuration.string("padding")
        guard let padding = Padding(rawValue: text) else {
            throw configuration.problem("padding", "must be \"valid\", \"same\" or \"causal\", got \"\(text)\"")
        }
        return padding
    }
}
