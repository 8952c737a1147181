/// Sliding windows over a series, with a target per window: what
/// ``timeseriesDatasetFromArray(_:targets:sequenceLength:sequenceStride:samplingRate:batchSize:shuffle:seed:startIndex:endIndex:)``
/// returns. Iterating it gives batches `(inputs [batch, sequenceLength, features…], targets [batch, …])`
/// (without `batchSize`, one window `[sequenceLength, features…]` at a time); ``arrays()`` gives every
/// window at once for `fit`.
///
/// Window `i` starts at data index `startPositions[i]` and holds the steps `start`,
/// `start + samplingRate`, …, `start + (sequenceLength − 1)·samplingRate`; its target is
/// `targets[start]`. Windows are gathered when asked, so the series is not copied
/// `sequenceLength` times.
public struct TimeseriesDataset: Sequence, Sendable {
    /// The series, time along axis 0.
    public let data: Tensor
    /// A target per time step (axis 0), or nil.
    public let targets: Tensor?
    public let sequenceLength: Int
    public let samplingRate: Int
    /// Windows per batch when iterating; nil for one at a time.
    public let batchSize: Int?
    /// Each window's first data index, in the order the windows are given.
    public let startPositions: [Int]

    /// Number of windows.
    public var count: Int { startPositions.count }

    /// The data indices of the windows starting at `starts`, window after window.
    private func steps(_ starts: ArraySlice<Int>) -> [Int] {
        starts.flatMap { start in (0..<sequenceLength).map { start + $0 * samplingRate } }
    }

    /// The windows starting at `starts`: `[starts.count, sequenceLength, features…]`, and their targets.
    func windows(_ starts: ArraySlice<Int>) -> (inputs: Tensor, targets: Tensor?) {
        let features = Array(data.shape.dropFirst())
        let inputs = data.gathering(steps(starts)).reshaped([starts.count, sequenceLength] + features)
        return (inputs, targets?.gathering(Array(starts)))
    }

    /// Every window and its target: `[count, sequenceLength, features…]` and `[count, …]`.
    public func arrays() -> (inputs: Tensor, targets: Tensor?) { windows(startPositions[...]) }

    public func makeIterator() -> Iterator { Iterator(dataset: self) }

    /// The batches, in order.
    public struct Iterator: IteratorProtocol {
        let dataset: TimeseriesDataset
        var start = 0

        public mutating func next() -> (inputs: Tensor, targets: Tensor?)? {
            guard start < dataset.count else { return nil }
            let end = Swift.min(start + (dataset.batchSize ?? 1), dataset.count)
            var batch = dataset.windows(dataset.startPositions[start..<end])
            start = end
            if dataset.batchSize == nil {
                batch.inputs = batch.inputs.reshaped(Array(batch.inputs.shape.dropFirst()))
                batch.targets = batch.targets.map { $0.reshaped(Array($0.shape.dropFirst())) }
            }
            return batch
        }
    }
}
