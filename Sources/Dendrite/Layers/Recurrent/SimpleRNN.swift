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
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var kernel: Parameter?
    public private(set) var recurrentKernel: Parameter?
    public private(set) var bias: Parameter?
    public private(set) var finalStates: [Tensor] = []
    public var zeroOutputForMask = false

    public init(_ units: Int, activation: Activation = .tanh, useBias: Bool = true,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                biasInitializer: Initializer = .zeros, inputShape: [Int]? = nil, name: String = "") {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.kernelInitializer = kernelInitializer
        self.recurrentInitializer = recurrentInitializer
        self.biasInitializer = biasInitializer
        self.declaredInputShape = inputShape
        self.name = name
    }

    public func reversedCopy() -> SimpleRNN {
        SimpleRNN(units, activation: activation, useBias: useBias, returnSequences: returnSequences,
                  returnState: returnState, goBackwards: !goBackwards, kernelInitializer: kernelInitializer,
                  recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
                  inputShape: declaredInputShape)
    }

    public var stateCount: Int { 1 }
    public var parameters: [Parameter] { [kernel, recurrentKernel, bias].compactMap { $0 } }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        kernel = Parameter(name: "\(name).kernel", value: try kernelInitializer.make([inputShape[1], units], using: &generator))
        recurrentKernel = Parameter(name: "\(name).recurrent_kernel",
                                    value: try recurrentInitializer.make([units, units], using: &generator))
        if useBias { bias = Parameter(name: "\(name).bias", value: try biasInitializer.make([units], using: &generator)) }
        self.inputShape = inputShape
    }

    public func projectInputs(_ inputs: Tensor) -> Tensor {
        guard let kernel else { preconditionFailure("\(name): SimpleRNN used before build") }
        let product = matmul(inputs, kernel.value)
        return bias.map { product + $0.value } ?? product
    }

    public func step(_ projectedInput: Tensor, states: [Tensor]) -> [Tensor] {
        guard let recurrentKernel else { preconditionFailure("\(name): SimpleRNN used before build") }
        return [activation(projectedInput + matmul(states[0], recurrentKernel.value))]
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { self(input, mask: nil, training: training) }

    public func callAsFunction(_ input: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        let result = unroll(input, initialState: nil, mask: mask)
        if returnState { finalStates = result.states.map { $0.detached() } }
        return result.output
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
                  inputShape: try configuration.shape("input_shape"), name: configuration.name)
        zeroOutputForMask = try configuration.bool("zero_output_for_mask", default: false)
    }
}

/// Keras keeps the weights in the layer's cell: `cell/vars/0…`.
extension SimpleRNN: KerasWeightLayout {
    public var kerasWeightPaths: [String] { KerasWeightPaths.ownVariables(parameters.count, under: "cell/") }
}
