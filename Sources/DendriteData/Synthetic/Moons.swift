import DendriteCore
import Foundation

extension Datasets {
    /// Two interleaving half circles (scikit-learn's `make_moons`): the upper moon
    /// `(cos t, sin t)` is class 0 and the lower `(1 − cos t, 0.5 − sin t)` class 1, t evenly in
    /// [0, π]; Gaussian noise of standard deviation `noise` is added to every coordinate.
    public static func moons(samples: Int = 200, noise: Float = 0.1, seed: UInt64 = 0) throws -> Dataset {
        try SyntheticCheck.positive("moons", "samples", samples)
        try SyntheticCheck.nonNegative("moons", "noise", noise)
        var generator = RandomGenerator(seed: seed)
        let outer = samples / 2, inner = samples - outer
        func angle(_ index: Int, _ count: Int) -> Float { count > 1 ? Float.pi * Float(index) / Float(count - 1) : 0 }
        var points: [(Float, Float)] = (0..<outer).map { (cos(angle($0, outer)), sin(angle($0, outer))) }
        points += (0..<inner).map { (1 - cos(angle($0, inner)), 0.5 - sin(angle($0, inner))) }
        points = points.map { ($0.0 + noise * generator.nextStandardNormal(), $0.1 + noise * generator.nextStandardNormal()) }
        let labels = Array(repeating: Float(0), count: outer) + Array(repeating: 1, count: inner)
        return SyntheticCheck.shuffled("moons", points: points, labels: labels, classNames: ["upper", "lower"],
                                       generator: &generator)
    }
}
