import DendriteCore

/// Inverted dropout: while training, each element is zeroed with probability `rate` and the
/// survivors are scaled by 1 / (1 − rate); at inference the layer is the identity. `rate` is in
/// [0, 1], as Keras takes it; at 1 training gives zeros.
public final class Dropout: Layer {
    public var name: String
    public var typeName: String { "Dropout" }
    /// Passes a mask on unchanged (Keras: `supports_masking = True`).
    public var supportsMasking: Bool { true }
    public let rate: Float
    public private(set) var inputShape: [Int]?
    /// Draws the masks; seeded from the model's generator at `build`, saved with checkpoints.
    var generator = RandomGenerator(seed: 0)

    public init(_ rate: Float, name: String = "") {
        self.rate = rate
        self.name = name
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard rate >= 0, rate <= 1 else { throw DendriteError.argument("\(name): Dropout rate must be in [0, 1], got \(rate)") }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws {
        _ = try outputShape(for: inputShape)
        self.generator = RandomGenerator(seed: generator.next())
        self.inputShape = inputShape
    }

    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return input }
        guard rate < 1 else { return input * 0 }
        let keep = 1 - rate
        let mask = Tensor(shape: input.shape, scalars: (0..<input.count).map { _ in
            generator.nextUnitFloat() < keep ? 1 / keep : 0
        })
        return input * mask
    }

    public var configuration: LayerConfiguration {
        LayerConfiguration(type: typeName, name: name, settings: ["rate": .float(rate)])
    }

    public convenience init(configuration: LayerConfiguration) throws {
        self.init(try configuration.float("rate"), name: configuration.name)
    }
}
