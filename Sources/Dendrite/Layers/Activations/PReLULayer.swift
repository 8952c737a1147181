import DendriteCore

/// Parametric rectified linear unit (Keras' `PReLU`): `f(x) = x` for x > 0, `alpha · x` otherwise,
/// with `alpha` learned, one value per input element, computed as Keras does:
/// `relu(x) − alpha · relu(−x)`.
///
/// Shapes: any `[batch, …]` to the same shape. `alpha` has the sample's shape, except that the
/// `sharedAxes` (counted from 1 over the sample's axes, batch excluded, as Keras) have size 1 and
/// share one value: for `[batch, h, w, c]` images, `sharedAxes: [1, 2]` learns one alpha per channel.
/// Defaults follow Keras: alpha starts at zero (a plain ReLU), no regularizer, nothing shared.
public final class PReLU: Layer {
    public var name: String
    public var typeName: String { "PReLU" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let alphaInitializer: Initializer
    public let alphaRegularizer: Regularizer?
    public let sharedAxes: [Int]?
    public private(set) var inputShape: [Int]?
    public private(set) var alpha: Parameter?

    public init(alphaInitializer: Initializer = .zeros, alphaRegularizer: Regularizer? = nil, sharedAxes: [Int]? = nil,
                name: String = "") {
        self.alphaInitializer = alphaInitializer
        self.alphaRegularizer = alphaRegularizer
        self.sharedAxes = sharedAxes
        self.name = name
    }

    public var parameters: [Parameter] { [alpha].compactMap { $0 } }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        if let axis = sharedAxes?.first(where: { !(1..<(inputShape.count + 1)).contains($0) }) {
            throw DendriteError.argument("\(name): PReLU shared axis \(axis) is out of range for samples of shape \(inputShape) (axes are counted from 1, batch excluded)")
        }
        if let built = self.inputShape, built != inputShape {
            throw DendriteError.shape("\(name): PReLU was built for samples of shape \(built), got \(inputShape)")
        }
        return inputShape
    }

    /// The shape of `alpha` for samples of `inputShape`.
    private func alphaShape(_ inputShape: [Int]) -> [Int] {
        inputShape.indices.map { (sharedAxes ?? []).contains($0 + 1) ? 1 : inputShape[$0] }
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        alpha = Parameter(name: "\(name).alpha", value: try alphaInitializer.make(alphaShape(inputShape), using: &generator),
                          regularizer: alphaRegularizer)
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard let alpha else { preconditionFailure("\(name): PReLU used before build") }
        return input.relu() - alpha.value * (-input).relu()
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, trainable: trainable, settings: [
            "alpha_initializer": alphaInitializer.configuration,
            "alpha_regularizer": alphaRegularizer?.configuration ?? .null,
            "alpha_constraint": .null,
            "shared_axes": sharedAxes.map { .array($0.map(JSONValue.int)) } ?? .null,
        ])
    }

    /// Reads Keras' settings; `shared_axes` may be one integer, and a weight constraint (which
    /// Dendrite does not implement) is refused rather than ignored.
    public convenience init(configuration: LayerConfiguration) throws {
        if let constraint = configuration.settings["alpha_constraint"], constraint != .null {
            throw configuration.problem("alpha_constraint", "must be null (Dendrite has no weight constraints), got \(constraint.messageText)")
        }
        let shared = configuration.settings["shared_axes"] ?? .null
        let sharedAxes: [Int]? = switch shared {
        case .null: nil
        case .number: [try configuration.int("shared_axes")]
        default: try configuration.integers("shared_axes")
        }
        self.init(alphaInitializer: try configuration.initializer("alpha_initializer"),
                  alphaRegularizer: try configuration.regularizer("alpha_regularizer"), sharedAxes: sharedAxes,
                  name: configuration.name)
    }
}
