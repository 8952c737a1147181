import DendriteCore

/// A fully connected recurrent layer (Elman network), as Keras' `SimpleRNN`:
///
///     h' = activation(x·W + h·U + b)
///
/// Shapes: input `[batch, timesteps, features]`; `kernel` W `[features, units]`, `recurrentKernel`
/// U `[units, units]`, `bias` `[units]`; output `[batch, units]` (the last `h`) or
/// `[batch, timesteps, units]` with `returnSequences`; state `[h]`. Parameters:
/// `units·(features + units + 1)`.
///
/// Defaults follow Keras: tanh, Glorot-uniform kernel, orthogonal recurrent kernel, zero bias.
public final class SimpleRNN: RecurrentLayer, RecurrentCellLayer {
    public var name: String
    public var typeName: String { "SimpleRNN" }
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let kernelInitializer: Initializer
    public let recurrentInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let recurrentRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// Fraction of the input features dropped while training (one mask per sequence).
    public let dropout: Float
    /// Fraction of the state `h` dropped in the recurrent products while training (one mask per sequence).
    public let recurrentDropout: Float
    /// Keep the final states of each batch as the next batch's initial states (Keras' `stateful`):
    /// sample i of a batch continues sample i of the previous one. ``resetStates()`` starts afresh.
    public let stateful: Bool
    let memory = RecurrentMemory()
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var kernel: Parameter?
    public private(set) var recurrentKernel: Parameter?
    public private(set) var bias: Parameter?
    public var zeroOutputForMask = false

    public init(_ units: Int, activation: Activation = .tanh, useBias: Bool = true,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, dropout: Float = 0,
                recurrentDropout: Float = 0, stateful: Bool = false, inputShape: [Int]? = nil, name: String = "") {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.kernelInitializer = kernelInitializer
        self.recurrentInitializer = recurrentInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.recurrentRegularizer = recurrentRegularizer
        self.biasRegularizer = biasRegularizer
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
        self.stateful = stateful
        self.declaredInputShape = inputShape
        self.name = name
    }

    public func reversedCopy() -> SimpleRNN {
        SimpleRNN(units, activation: activation, useBias: useBias, returnSequences: returnSequences,
                  returnState: returnState, goBackwards: !goBackwards, kernelInitializer: kernelInitializer,
                  recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
                  kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
             biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout, stateful: stateful,
             inputShape: declaredInputShape)
    }

    public var stateCount: Int { 1 }
    public var parameters: [Parameter] { [kernel, recurrentKernel, bias].compactMap { $0 } }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        try checkRecurrentSettings()
        kernel = weight("kernel", try kernelInitializer.make([inputShape[1], units], using: &generator), kernelRegularizer)
        recurrentKernel = weight("recurrent_kernel",
                                    try recurrentInitializer.make([units, units], using: &generator), recurrentRegularizer)
        if useBias { bias = weight("bias", try biasInitializer.make([units], using: &generator), biasRegularizer) }
        seedDropout(&generator)
        self.inputShape = inputShape
    }

    public func projectInputs(_ inputs: Tensor) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): SimpleRNN used before build") }
        let product = matmul(inputs, kernel.value)
        return bias.map { product + $0.value } ?? product
    }

    public func step(_ projectedInput: Tensor, states: [Tensor], recurrentMask: Tensor?) -> [Tensor] {
        guard let recurrentKernel else { preconditionFailure("\(name): SimpleRNN used before build") }
        let h = recurrentMask.map { states[0] * $0 } ?? states[0]
        return [activation(projectedInput + matmul(h, recurrentKernel.value))]
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { self(input, mask: nil, training: training) }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        run(input, mask: mask, training: training)
    }

    public var configuration: LayerConfiguration { recurrentConfiguration() }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.int("units"), activation: try configuration.activation("activation"),
                  useBias: try configuration.bool("use_bias"),
                  returnSequences: try configuration.bool("return_sequences"),
                  returnState: try configuration.bool("return_state"),
                  goBackwards: try configuration.bool("go_backwards"),
                  kernelInitializer: try configuration.initializer("kernel_initializer"),
                  recurrentInitializer: try configuration.initializer("recurrent_initializer"),
                  biasInitializer: try configuration.initializer("bias_initializer"),
                  kernelRegularizer: try configuration.regularizer("kernel_regularizer"),
                  recurrentRegularizer: try configuration.regularizer("recurrent_regularizer"),
                  biasRegularizer: try configuration.regularizer("bias_regularizer"),
                  dropout: try configuration.float("dropout", default: 0),
                  recurrentDropout: try configuration.float("recurrent_dropout", default: 0),
                  stateful: try configuration.bool("stateful", default: false),
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
        zeroOutputForMask = try configuration.bool("zero_output_for_mask", default: false)
    }
}

/// Keras keeps the weights in the layer's cell: `cell/vars/0…`.
extension SimpleRNN: KerasWeightLayout {
    public var kerasWeightPaths: [String] { KerasWeightPaths.ownVariables(parameters.count, under: "cell/") }
}
