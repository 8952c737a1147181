import DendriteCore

/// Applies an activation function as a layer of its own (Keras' `Activation`).
public final class ActivationLayer: ActivatedLayer {
    public var name: String
    public var typeName: String { "Activation" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let activation: Activation
    public private(set) var inputShape: [Int]?

    public init(_ activation: Activation, name: String = "") {
        self.activation = activation
        self.name = name
    }

    public var parameters: [Parameter] { [] }
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    public func build(inputShape: [Int], generator: inout RandomGenerator) throws { self.inputShape = inputShape }
    public func preActivation(_ input: Tensor, training: Bool) -> Tensor { input }
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { activation(input) }
    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, settings: ["activation": activation.configuration])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.activation("activation"), name: configuration.name)
    }
}
