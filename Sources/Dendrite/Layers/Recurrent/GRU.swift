import DendriteCore

/// Gated recurrent unit (Cho et al., 2014), with Keras 3's weights and defaults.
///
/// For each time step, with σ the `recurrentActivation` and tanh the `activation`, and with
/// `resetAfter` (the default, cuDNN-compatible form) the reset gate applied after the recurrent product:
///
///     z = σ(x·W_z + b_z + h·U_z + b'_z)          update gate
///     r = σ(x·W_r + b_r + h·U_r + b'_r)          reset gate
///     h̃ = tanh(x·W_h + b_h + r ⊙ (h·U_h + b'_h))  candidate
///     h' = z ⊙ h + (1 − z) ⊙ h̃
///
/// Without `resetAfter` the candidate is `tanh(x·W_h + b_h + (r ⊙ h)·U_h)` and there is one bias.
///
/// Shapes: input `[batch, timesteps, features]`; `kernel` `[features, 3·units]`, `recurrentKernel`
/// `[units, 3·units]`, gates side by side in Keras' order z, r, h; `bias` `[2, 3·units]` (row 0 the
/// input bias b, row 1 the recurrent bias b′) with `resetAfter`, else `[3·units]`. Output
/// `[batch, units]` or `[batch, timesteps, units]` with `returnSequences`; state `[h]`.
/// Parameters: `3·units·(features + units + 2)` with `resetAfter`.
///
/// Defaults follow Keras: Glorot-uniform kernel, orthogonal recurrent kernel, zero bias.
public final class GRU: RecurrentLayer, RecurrentCellLayer {
    public var name: String
    public var typeName: String { "GRU" }
    public let units: Int
    public let activation: Activation
    public let recurrentActivation: Activation
    public let useBias: Bool
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let resetAfter: Bool
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
                goBackwards: Bool = false, resetAfter: Bool = true,
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
        self.resetAfter = resetAfter
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

    public func reversedCopy() -> GRU {
        GRU(units, activation: activation, recurrentActivation: recurrentActivation, useBias: useBias,
            returnSequences: returnSequences, returnState: returnState, goBackwards: !goBackwards,
            resetAfter: resetAfter, kernelInitializer: kernelInitializer,
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
        kernel = weight("kernel", try kernelInitializer.make([inputShape[1], 3 * units], using: &generator), kernelRegularizer)
        recurrentKernel = weight("recurrent_kernel",
                                    try recurrentInitializer.make([units, 3 * units], using: &generator), recurrentRegularizer)
        if useBias {
            let shape = resetAfter ? [2, 3 * units] : [3 * units]
            bias = weight("bias", try biasInitializer.make(shape, using: &generator), biasRegularizer)
        }
        seedDropout(&generator)
        self.inputShape = inputShape
    }

    public func projectInputs(_ inputs: Tensor) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): GRU used before build") }
        let product = matmul(inputs, kernel.value)
        guard let bias = bias?.value else { return product }
        return product + (resetAfter ? bias[0..<1] : bias)
    }

    public func step(_ projectedInput: Tensor, states: [Tensor], recurrentMask: Tensor?) -> [Tensor] {
        guard let recurrentKernel = recurrentKernel?.value else { preconditionFailure("\(name): GRU used before build") }
        let h = states[0], batch = h.shape[0]
        let dropped = recurrentMask.map { h * $0 } ?? h
        let x = projectedInput.reshaped([batch, 3, units]).unstacked(alongAxis: 1)
        let update: Tensor, candidate: Tensor
        if resetAfter {
            var inner = matmul(dropped, recurrentKernel)
            if let bias = bias?.value { inner = inner + bias[1..<2] }
            let recurrent = inner.reshaped([batch, 3, units]).unstacked(alongAxis: 1)
            update = recurrentActivation(x[0] + recurrent[0])
            let reset = recurrentActivation(x[1] + recurrent[1])
            candidate = activation(x[2] + reset * recurrent[2])
        } else {
            let gates = matmul(dropped, recurrentKernel.slice(alongAxis: 1, 0..<(2 * units)))
                .reshaped([batch, 2, units]).unstacked(alongAxis: 1)
            update = recurrentActivation(x[0] + gates[0])
            let reset = recurrentActivation(x[1] + gates[1])
            candidate = activation(x[2] + matmul(reset * dropped, recurrentKernel.slice(alongAxis: 1, (2 * units)..<(3 * units))))
        }
        return [update * h + (1 - update) * candidate]
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { self(input, mask: nil, training: training) }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        run(input, mask: mask, training: training)
    }

    public var configuration: LayerConfiguration {
        recurrentConfiguration(["recurrent_activation": recurrentActivation.configuration, "reset_after": .bool(resetAfter)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.int("units"), activation: try configuration.activation("activation"),
                  recurrentActivation: try configuration.activation("recurrent_activation"),
                  useBias: try configuration.bool("use_bias"),
                  returnSequences: try configuration.bool("return_sequences"),
                  returnState: try configuration.bool("return_state"),
                  goBackwards: try configuration.bool("go_backwards"),
                  resetAfter: try configuration.bool("reset_after"),
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
extension GRU: KerasWeightLayout {
    public var kerasWeightPaths: [String] { KerasWeightPaths.ownVariables(parameters.count, under: "cell/") }
}
