import DendriteCore
import Foundation

/// Checks shared by the generators: every problem is a thrown error naming the generator.
enum SyntheticCheck {
    static func positive(_ generator: String, _ label: String, _ value: Int) throws {
        guard value > 0 else { throw DendriteError.argument("\(generator): \(label) must be > 0, got \(value)") }
    }

    static func nonNegative(_ generator: String, _ label: String, _ value: Float) throws {
        guard value >= 0, value.isFinite else {
            throw DendriteError.argument("\(generator): \(label) must be a finite number ≥ 0, got \(value)")
        }
    }

    /// A data set of 2-D points in a seeded random order.
    static func shuffled(_ name: String, points: [(Float, Float)], labels: [Float], classNames: [String],
                         generator: inout RandomGenerator) -> Dataset {
        let order = generator.permutation(points.count)
        return Dataset(name: name,
                       features: Tensor(shape: [points.count, 2], scalars: order.flatMap { [points[$0].0, points[$0].1] }),
                       labels: Tensor(order.map { labels[$0] }), featureNames: ["x0", "x1"], classNames: classNames)
    }
}
