import DendriteCore

/// Long short-term memory (Hochreiter & Schmidhuber, 1997), with Keras' weights and defaults.
///
/// For each time step, with σ the `recurrentActivation` and tanh the `activation`:
///
///     i = σ(x·Wᵢ + h·Uᵢ + bᵢ)            input gate
///     f = σ(x·W_f + h·U_f + b_f)         forget gate
///     c̃ = tanh(x·W_c + h·U_c + b_c)      candidate
///     o = σ(x·Wₒ + h·Uₒ + bₒ)            output gate
///     c' = f ⊙ c + i ⊙ c̃,   h' = o ⊙ tanh(c')
///
/// Shapes: input `[batch, timesteps, features]`; `kernel` `[features, 4·units]`, `recurrentKernel`
/// `[units, 4·units]`, `bias` `[4·units]`, each with the gates side by side in Keras' order i, f, c, o;
/// output `[batch, units]` (the last `h`) or `[batch, timesteps, units]` with `returnSequences`.
/// States `[h, c]`. Parameters: `4·(units·(features + units) + units)`.
///
/// Defaults follow Keras: Glorot-uniform kernel, orthogonal recurrent kernel, zero bias with 1 on
/// the forget gate (`unitForgetBias`).
///
/// ```swift
/// Sequential {
///     LSTM(32, inputShape: [20, 1])
///     Dense(1)
/// }
/// ```
public final class LSTM: RecurrentLayer, RecurrentCellLayer {
    public var name: String
    public var typeName: String { "LSTM" }
    public let units: Int
    public let activation: Activation
    public let recurrentActivation: Activation
    public let useBias: Bool
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let unitForgetBias: Bool
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

    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                useBias: Bool = true, returnSequences: Bool = false, returnState: Bool = false,
                goBackwards: Bool = false, unitForgetBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, dropout: Float = 0,
                recurrentDropout: Float = 0, stateful: Bool = false, inputShape: [Int]? = nil, name: String = "") {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.useBias = useBias
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.unitForgetBias = unitForgetBias
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

    public func reversedCopy() -> LSTM {
        LSTM(units, activation: activation, recurrentActivation: recurrentActivation, useBias: useBias,
             returnSequences: returnSequences, returnState: returnState, goBackwards: !goBackwards,
             unitForgetBias: unitForgetBias, kernelInitializer: kernelInitializer,
             recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
             kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
             biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout, stateful: stateful,
             inputShape: declaredInputShape)
    }

    public var stateCount: Int { 2 }
    public var parameters: [Parameter] { [kernel, recurrentKernel, bias].compactMap { $0 } }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        try checkRecurrentSettings()
        kernel = weight("kernel", try kernelInitializer.make([inputShape[1], 4 * units], using: &generator), kernelRegularizer)
        recurrentKernel = weight("recurrent_kernel",
                                    try recurrentInitializer.make([units, 4 * units], using: &generator), recurrentRegularizer)
        if useBias {
            var value = try biasInitializer.make([4 * units], using: &generator)
            if unitForgetBias {
                // Keras: the bias initialiser for i, c and o, ones for the forget gate.
                value = Tensor.concatenate([value[0..<units], .ones([units]), value[(2 * units)..<(4 * units)]])
            }
            bias = weight("bias", value, biasRegularizer)
        }
        seedDropout(&generator)
        self.inputShape = inputShape
    }

    public func projectInputs(_ inputs: Tensor) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): LSTM used before build") }
        let product = matmul(inputs, kernel.value)
        return bias.map { product + $0.value } ?? product
    }

    public func step(_ projectedInput: Tensor, states: [Tensor], recurrentMask: Tensor?) -> [Tensor] {
        guard let recurrentKernel else { preconditionFailure("\(name): LSTM used before build") }
        let (h, c) = (states[0], states[1])
        let z = projectedInput + matmul(recurrentMask.map { h * $0 } ?? h, recurrentKernel.value)
        let gates = z.reshaped([z.shape[0], 4, units]).unstacked(alongAxis: 1)
        let inputGate = recurrentActivation(gates[0]), forgetGate = recurrentActivation(gates[1])
        let outputGate = recurrentActivation(gates[3])
        let cell = forgetGate * c + inputGate * activation(gates[2])
        return [outputGate * activation(cell), cell]
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { self(input, mask: nil, training: training) }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        run(input, mask: mask, training: training)
    }

    public var configuration: LayerConfiguration {
        recurrentConfiguration(["recurrent_activation": recurrentActivation.configuration, "unit_forget_bias": .bool(unitForgetBias)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.int("units"), activation: try configuration.activation("activation"),
                  recurrentActivation: try configuration.activation("recurrent_activation"),
                  useBias: try configuration.bool("use_bias"),
                  returnSequences: try configuration.bool("return_sequences"),
                  returnState: try configuration.bool("return_state"),
                  goBackwards: try configuration.bool("go_backwards"),
                  unitForgetBias: try configuration.bool("unit_forget_bias"),
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
extension LSTM: KerasWeightLayout {
    public var kerasWeightPaths: [String] { KerasWeightPaths.ownVariables(parameters.count, under: "cell/") }
}
