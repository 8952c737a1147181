import DendriteCore
import Foundation

extension Datasets {
    /// Gaussian clusters (scikit-learn's `make_blobs`): `samples` points spread as evenly as possible
    /// over the given centres (class = index of the centre), each coordinate drawn around its centre
    /// with standard deviation `standardDeviation`. Every centre must have the same dimension.
    public static func blobs(samples: Int = 300, centers: [[Float]] = [[-2, -2], [2, 2], [-2, 2]],
                             standardDeviation: Float = 1, seed: UInt64 = 0) throws -> Dataset {
        try SyntheticCheck.positive("blobs", "samples", samples)
        try SyntheticCheck.nonNegative("blobs", "standardDeviation", standardDeviation)
        guard let dimension = centers.first?.count, dimension > 0, centers.allSatisfy({ $0.count == dimension }) else {
            throw DendriteError.argument("blobs: centers must be non-empty points of one dimension, got \(centers)")
        }
        var generator = RandomGenerator(seed: seed)
        var rows: [[Float]] = [], labels: [Float] = []
        for (index, center) in centers.enumerated() {
            let count = samples / centers.count + (index < samples % centers.count ? 1 : 0)
            for _ in 0..<count {
                rows.append(center.map { $0 + standardDeviation * generator.nextStandardNormal() })
                labels.append(Float(index))
            }
        }
        let order = generator.permutation(rows.count)
        return Dataset(name: "blobs", features: Tensor(shape: [rows.count, dimension], scalars: order.flatMap { rows[$0] }),
                       labels: Tensor(order.map { labels[$0] }), featureNames: (0..<dimension).map { "x\($0)" },
                       classNames: centers.indices.map { "blob \($0)" })
    }
}
