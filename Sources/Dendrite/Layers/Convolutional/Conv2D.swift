import DendriteCore

/// A 2-D convolution layer on channels-last images: `activation(conv2d(x, kernel) + bias)`.
///
/// Shapes: input `[batch, height, width, in]`, kernel `[kh, kw, in, filters]` (Keras' layout), bias
/// `[filters]`, output `[batch, outHeight, outWidth, filters]` with `.valid`: ⌊(size − span) / stride⌋ + 1,
/// `.same`: ⌈size / stride⌉ (span = (k − 1)·dilation + 1). Defaults follow Keras: strides (1, 1),
/// `.valid`, dilation (1, 1), Glorot-uniform kernel, zero bias.
///
/// ```swift
/// Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: [28, 28, 1])   // 320 parameters
/// ```
public final class Conv2D: ActivatedLayer {
    public var name: String
    public var typeName: String { "Conv2D" }
    public let filters: Int
    public let kernelSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    public let dilation: (Int, Int)
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

    public init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                dilation: (Int, Int) = (1, 1), activation: Activation = .linear, useBias: Bool = true,
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

    /// A square kernel (and square strides and dilation).
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            dilation: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            inputShape: [Int]? = nil, name: String = "") {
        self.init(filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
                  dilation: (dilation, dilation), activation: activation, useBias: useBias,
                  kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                  kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
                  inputShape: inputShape, name: name)
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let (rows, columns) = try SlidingWindow.axes(
            layer: name, type: typeName, inputShape: inputShape, window: kernelSize, strides: strides,
            dilation: dilation, padding: padding, windowLabel: "kernel")
        guard filters > 0 else { throw DendriteError.argument("\(name): Conv2D needs at least 1 filter, got \(filters)") }
        if let built = self.inputShape, built.last != inputShape.last {
            throw DendriteError.shape("\(name): built for \(built.last!) input channels, got shape \(inputShape)")
        }
        return [rows.output, columns.output, filters]
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        let shape = [kernelSize.0, kernelSize.1, inputShape[2], filters]
        kernel = Parameter(name: "\(name).kernel", value: try kernelInitializer.make(shape, using: &generator),
                           regularizer: kernelRegularizer)
        if useBias {
            bias = Parameter(name: "\(name).bias", value: try biasInitializer.make([filters], using: &generator),
                             regularizer: biasRegularizer)
        }
        self.inputShape = inputShape
    }

    public func preActivation(_ input: Tensor, training: Bool) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): Conv2D used before build") }
        return conv2d(input, kernel.value, bias: bias?.value, strides: strides, padding: padding, dilation: dilation)
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard activation == .relu, let kernel else { return activation(preActivation(input, training: training)) }
        // The usual case, fused: one pass for bias and ReLU instead of two over the largest tensor.
        return conv2d(input, kernel.value, bias: bias?.value, strides: strides, padding: padding, dilation: dilation,
                      relu: true)
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "filters": .int(filters),
            "kernel_size": [.int(kernelSize.0), .int(kernelSize.1)],
            "strides": [.int(strides.0), .int(strides.1)],
            "padding": .string(padding.rawValue),
            "dilation_rate": [.int(dilation.0), .int(dilation.1)],
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
        let kernelSize = try configuration.integers("kernel_size", count: 2)
        let strides = try configuration.integers("strides", count: 2)
        let dilation = try configuration.integers("dilation_rate", count: 2)
        self.init(try configuration.int("filters"), kernelSize: (kernelSize[0], kernelSize[1]),
                  strides: (strides[0], strides[1]), padding: try configuration.padding("padding"),
                  dilation: (dilation[0], dilation[1]), activation: try configuration.activation("activation"),
                  useBias: try configuration.bool("use_bias"),
                  kernelInitializer: try configuration.initializer("kernel_initializer"),
                  biasInitializer: try configuration.initializer("bias_initializer"),
                  kernelRegularizer: try configuration.regularizer("kernel_regularizer"),
                  biasRegularizer: try configuration.regularizer("bias_regularizer"),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
    }
}
