import DendriteCore
import Foundation

extension Datasets {
    /// Noisy line: x uniform in `range`, `y = slope · x + intercept + ε`, ε normal with standard
    /// deviation `noise`. Features `[samples, 1]`, labels `[samples]`.
    public static func linear(samples: Int = 100, slope: Float = 2, intercept: Float = 1, noise: Float = 0.1,
                              range: ClosedRange<Float> = -1...1, seed: UInt64 = 0) throws -> Dataset {
        try regression("linear", samples: samples, noise: noise, range: range, seed: seed) { slope * $0 + intercept }
    }

    /// Noisy sine wave: x uniform in `range` (default one period), `y = sin x + ε`.
    public static func sine(samples: Int = 200, noise: Float = 0.1, range: ClosedRange<Float> = 0...(2 * Float.pi),
                            seed: UInt64 = 0) throws -> Dataset {
        try regression("sine", samples: samples, noise: noise, range: range, seed: seed) { sin($0) }
    }

    private static func regression(_ name: String, samples: Int, noise: Float, range: ClosedRange<Float>, seed: UInt64,
                                   _ function: (Float) -> Float) throws -> Dataset {
        try SyntheticCheck.positive(name, "samples", samples)
        try SyntheticCheck.nonNegative(name, "noise", noise)
        guard range.lowerBound.isFinite, range.upperBound.isFinite else {
            throw DendriteError.argument("\(name): range must be finite, got \(range)")
        }
        var generator = RandomGenerator(seed: seed)
        let x = (0..<samples).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUnitFloat() }
        let y = x.map { function($0) + noise * generator.nextStandardNormal() }
        return Dataset(name: name, features: Tensor(shape: [samples, 1], scalars: x), labels: Tensor(y), featureNames: ["x"])
    }
}
