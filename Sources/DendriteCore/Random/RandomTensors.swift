extension Tensor {
    /// Uniform samples in [low, high).
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     using generator: inout RandomGenerator) -> Tensor {
        let count = Shape.count(shape)
        let span = high - low
        return Tensor(shape: shape, scalars: (0..<count).map { _ in low + span * generator.nextUnitFloat() })
    }

    /// Normal samples with the given mean and standard deviation.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    using generator: inout RandomGenerator) -> Tensor {
        let count = Shape.count(shape)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in
            mean + standardDeviation * generator.nextStandardNormal()
        })
    }

    /// Normal samples redrawn until they fall within two standard deviations of the mean
    /// (as Keras' and PyTorch's truncated normals).
    public static func randomTruncatedNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                             using generator: inout RandomGenerator) -> Tensor {
        let count = Shape.count(shape)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in
            var sample: Float
            repeat { sample = generator.nextStandardNormal() } while sample.magnitude > 2
            return mean + standardDeviation * sample
        })
    }

    /// Uniform samples with the given seed.
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return randomUniform(shape, low: low, high: high, using: &generator)
    }

    /// Normal samples with the given seed.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return randomNormal(shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
    }
}

/// Weight initialisers with Keras' definitions. Fan-in and fan-out follow Keras: for a kernel of
/// shape `[…receptive field…, in, out]` they are `in × field` and `out × field`.
public enum Initializer: Sendable, Equatable {
    case zeros
    case ones
    case constant(Float)
    /// U(−limit, limit), limit = √(6 / (fanIn + fanOut)). Keras' default for kernels.
    case glorotUniform
    /// Truncated normal, σ = √(2 / (fanIn + fanOut)) / 0.8796.
    case glorotNormal
    /// U(−limit, limit), limit = √(6 / fanIn).
    case heUniform
    /// Truncated normal, σ = √(2 / fanIn) / 0.8796.
    case heNormal
    /// U(−limit, limit), limit = √(3 / fanIn).
    case lecunUniform
    /// Truncated normal, σ = √(1 / fanIn) / 0.8796.
    case lecunNormal
    case randomUniform(low: Float, high: Float)
    case randomNormal(mean: Float, standardDeviation: Float)
    /// Normal, redrawn until within two standard deviations of the mean (Keras' `TruncatedNormal`).
    case truncatedNormal(mean: Float, standardDeviation: Float)
    /// A (semi-)orthogonal matrix times `gain` (``Tensor/randomOrthogonal(_:gain:using:)``).
    /// Keras' default for recurrent kernels.
    case orthogonal(gain: Float)

    /// Orthogonal with gain 1.
    public static let orthogonal = Initializer.orthogonal(gain: 1)

    /// Fan-in and fan-out of a kernel shape, Keras' way.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let field = shape.dropLast(2).reduce(1, *)
            return (shape[shape.count - 2] * field, shape[shape.count - 1] * field)
        }
    }

    /// Makes a tensor of the given shape.
    ///
    /// - Throws: ``DendriteError`` (`.resourceLimit`) when the shape is larger than
    ///   ``ResourceLimits/maximumTensorBytes`` allows, before any memory is taken.
    public func make(_ shape: [Int], using generator: inout RandomGenerator) throws -> Tensor {
        _ = try ResourceLimits.current.requireTensor(shape, "a weight")
        // Standard deviation of a unit normal truncated at ±2σ, as Keras' variance scaling uses.
        let truncationCorrection: Float = 0.879_625_661_034_239_78
        let (fanIn, fanOut) = Self.fans(shape)
        func uniform(_ limit: Float) -> Tensor {
            Tensor.randomUniform(shape, low: -limit, high: limit, using: &generator)
        }
        func truncated(_ variance: Float) -> Tensor {
            Tensor.randomTruncatedNormal(shape, standardDeviation: variance.squareRoot() / truncationCorrection,
                                         using: &generator)
        }
        switch self {
        case .zeros: return .zeros(shape)
        case .ones: return .ones(shape)
        case .constant(let value): return .full(shape, value)
        case .glorotUniform: return uniform((6 / Float(fanIn + fanOut)).squareRoot())
        case .glorotNormal: return truncated(2 / Float(fanIn + fanOut))
        case .heUniform: return uniform((6 / Float(fanIn)).squareRoot())
        case .heNormal: return truncated(2 / Float(fanIn))
        case .lecunUniform: return uniform((3 / Float(fanIn)).squareRoot())
        case .lecunNormal: return truncated(1 / Float(fanIn))
        case .randomUniform(let low, let high):
            return .randomUniform(shape, low: low, high: high, using: &generator)
        case .randomNormal(let mean, let deviation):
            return .randomNormal(shape, mean: mean, standardDeviation: deviation, using: &generator)
        case .truncatedNormal(let mean, let deviation):
            return .randomTruncatedNormal(shape, mean: mean, standardDeviation: deviation, using: &generator)
        case .orthogonal(let gain):
            return .randomOrthogonal(shape, gain: gain, using: &generator)
        }
    }
}
