import DendriteCore

/// Mini-batches of `(features, labels)`, in order or in a seeded random order.
///
/// Only the batch being produced is copied: the iterator keeps the two tensors (shared, not copied,
/// thanks to copy-on-write) and one permutation of the sample indices, and gathers each batch's rows
/// when asked. Iterating the same value again gives the same batches; pass a different `seed` per
/// epoch (for example `seed + epoch`) for a new order.
///
/// ```swift
/// for (x, y) in try data.batches(size: 32, shuffle: true, seed: 7) {
///     try model.trainOnBatch(x, y)
/// }
/// ```
public struct BatchIterator: Sequence, IteratorProtocol, Sendable {
    public let features: Tensor
    public let labels: Tensor
    public let batchSize: Int
    /// When true, a last batch smaller than `batchSize` is left out.
    public let dropRemainder: Bool
    private let order: [Int]
    private var start = 0

    /// - Throws: ``DendriteError`` if `batchSize` is not positive or the sample counts differ.
    public init(features: Tensor, labels: Tensor, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                dropRemainder: Bool = false) throws {
        guard batchSize > 0 else { throw DendriteError.argument("BatchIterator: batchSize must be > 0, got \(batchSize)") }
        let count = features.shape.first ?? 0
        guard labels.shape.first == count else {
            throw DendriteError.shape("BatchIterator: \(count) feature rows but labels of shape \(labels.shape)")
        }
        self.features = features
        self.labels = labels
        self.batchSize = batchSize
        self.dropRemainder = dropRemainder
        var generator = RandomGenerator(seed: seed)
        order = shuffle ? generator.permutation(count) : Array(0..<count)
    }

    /// Number of batches one pass yields.
    public var batchCount: Int { order.count / batchSize + (dropRemainder || order.count % batchSize == 0 ? 0 : 1) }

    public mutating func next() -> (features: Tensor, labels: Tensor)? {
        // Written so that a batch size near Int.max does not overflow.
        let end = start + Swift.min(batchSize, order.count - start)
        guard end > start, !(dropRemainder && end - start < batchSize) else { return nil }
        let indices = Array(order[start..<end])
        start = end
        return (features.gathering(indices), labels.gathering(indices))
    }
}

extension Dataset {
    /// The data set's mini-batches; see ``BatchIterator``.
    public func batches(size: Int, shuffle: Bool = true, seed: UInt64 = 0, dropRemainder: Bool = false) throws -> BatchIterator {
        try BatchIterator(features: features, labels: labels, batchSize: size, shuffle: shuffle, seed: seed,
                          dropRemainder: dropRemainder)
    }
}
