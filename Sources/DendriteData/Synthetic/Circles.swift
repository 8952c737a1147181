import DendriteCore
import Foundation

extension Datasets {
    /// A small circle of radius `factor` (class 1) inside a unit circle (class 0), points evenly
    /// spaced in angle (scikit-learn's `make_circles`), plus Gaussian noise of standard deviation `noise`.
    public static func circles(samples: Int = 200, noise: Float = 0.05, factor: Float = 0.5,
                               seed: UInt64 = 0) throws -> Dataset {
        try SyntheticCheck.positive("circles", "samples", samples)
        try SyntheticCheck.nonNegative("circles", "noise", noise)
        guard factor > 0, factor < 1 else { throw DendriteError.argument("circles: factor must be in (0, 1), got \(factor)") }
        var generator = RandomGenerator(seed: seed)
        let outer = samples / 2, inner = samples - outer
        func ring(_ count: Int, _ radius: Float) -> [(Float, Float)] {
            (0..<count).map { index in
                let angle = 2 * Float.pi * Float(index) / Float(count)
                return (radius * cos(angle), radius * sin(angle))
            }
        }
        let points = (ring(outer, 1) + ring(inner, factor))
            .map { ($0.0 + noise * generator.nextStandardNormal(), $0.1 + noise * generator.nextStandardNormal()) }
        let labels = Array(repeating: Float(0), count: outer) + Array(repeating: 1, count: inner)
        return SyntheticCheck.shuffled("circles", points: points, labels: labels, classNames: ["outer", "inner"],
                                       generator: &generator)
    }
}
