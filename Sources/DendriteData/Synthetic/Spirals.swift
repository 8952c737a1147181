import DendriteCore
import Foundation

extension Datasets {
    /// Interleaved spiral arms, one per class (the classic example no linear model separates): arm
    /// k has radius r evenly in [0, 1] and angle `4k + 4r` plus Gaussian noise of standard deviation
    /// `noise`; a point is `(r sin θ, r cos θ)`.
    public static func spirals(samplesPerClass: Int = 100, classes: Int = 3, noise: Float = 0.2,
                               seed: UInt64 = 0) throws -> Dataset {
        try SyntheticCheck.positive("spirals", "samplesPerClass", samplesPerClass)
        try SyntheticCheck.positive("spirals", "classes", classes)
        try SyntheticCheck.nonNegative("spirals", "noise", noise)
        var generator = RandomGenerator(seed: seed)
        var points: [(Float, Float)] = [], labels: [Float] = []
        for arm in 0..<classes {
            for index in 0..<samplesPerClass {
                let radius = samplesPerClass > 1 ? Float(index) / Float(samplesPerClass - 1) : 0
                let angle = Float(arm) * 4 + radius * 4 + noise * generator.nextStandardNormal()
                points.append((radius * sin(angle), radius * cos(angle)))
                labels.append(Float(arm))
            }
        }
        return SyntheticCheck.shuffled("spirals", points: points, labels: labels,
                                       classNames: (0..<classes).map { "arm \($0)" }, generator: &generator)
    }
}
