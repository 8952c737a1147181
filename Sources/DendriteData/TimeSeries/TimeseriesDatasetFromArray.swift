/// Sliding windows over a series, as Keras' `timeseries_dataset_from_array`: the inputs and targets
/// for forecasting with a recurrent or convolutional model.
///
/// Windows start at `startIndex`, `startIndex + sequenceStride`, …, each taking `sequenceLength`
/// steps `samplingRate` apart, and must end before `endIndex`; there are
/// `⌈(endIndex − startIndex − (sequenceLength − 1)·samplingRate) / sequenceStride⌉` of them (fewer
/// if `targets` is shorter). The window starting at data index `s` has target `targets[s]`, so to
/// predict the step after each window of 10, pass `data[..<(n − 10)]` and `targets = data[10...]`:
///
/// ```swift
/// let series = Tensor(temperatures)                         // [n]
/// let windows = try timeseriesDatasetFromArray(series.slice(0..<(n - 10)), targets: series.slice(10..<n),
///                                              sequenceLength: 10)
/// let (x, y) = windows.arrays()                             // [n − 19, 10], [n − 19]
/// ```
///
/// - Parameters:
///   - data: the series, time along axis 0 (`[steps]` or `[steps, features…]`).
///   - targets: a value per step (axis 0), or nil for windows alone.
///   - sequenceLength: steps per window (≥ 1).
///   - sequenceStride: steps between the starts of successive windows (default 1).
///   - samplingRate: steps between the elements of a window (default 1).
///   - batchSize: windows per batch when iterating (default 128); nil for one at a time.
///   - shuffle: give the windows in a random order, seeded by `seed` (nil picks one). Keras shuffles
///     with NumPy's generator and then a tf.data buffer, which cannot be matched; without shuffling
///     the windows are Keras' exactly.
///   - startIndex, endIndex: use only data indices in `startIndex..<endIndex` (defaults: all).
/// - Throws: ``DendriteError`` for the values Keras refuses (a `startIndex` outside the data, an
///   `endIndex` not after `startIndex` or not below the data's length, a `samplingRate` or
///   `sequenceStride` not in `1..<steps`), a `sequenceLength` < 1, windows longer than the data
///   (no window fits), targets that do not reach the last window, or a scalar `data`.
public func timeseriesDatasetFromArray(_ data: Tensor, targets: Tensor?, sequenceLength: Int,
                                       sequenceStride: Int = 1, samplingRate: Int = 1, batchSize: Int? = 128,
                                       shuffle: Bool = false, seed: UInt64? = nil, startIndex: Int? = nil,
                                       endIndex: Int? = nil) throws -> TimeseriesDataset {
    func failure(_ message: String) -> DendriteError { DendriteError.argument("timeseriesDatasetFromArray: \(message)") }
    guard data.rank >= 1 else { throw failure("data must have a time axis; got a scalar") }
    let steps = data.shape[0]
    guard steps > 0 else { throw failure("data has no time steps") }
    guard sequenceLength >= 1 else { throw failure("sequenceLength must be at least 1, got \(sequenceLength)") }
    if let startIndex, !(0..<steps).contains(startIndex) {
        throw failure("startIndex must be in 0..<\(steps) (the data's length), got \(startIndex)")
    }
    let start = startIndex ?? 0
    if let endIndex {
        guard endIndex > start else { throw failure("endIndex \(endIndex) must be greater than startIndex \(start)") }
        guard endIndex < steps else {
            throw failure("endIndex must be lower than the length of the data (\(steps)), got \(endIndex); leave it out to use every step")
        }
    }
    guard samplingRate > 0, samplingRate < steps else {
        throw failure("samplingRate must be in 1..<\(steps) (the data's length), got \(samplingRate)")
    }
    guard sequenceStride > 0, sequenceStride < steps else {
        throw failure("sequenceStride must be in 1..<\(steps) (the data's length), got \(sequenceStride)")
    }
    if let batchSize, batchSize < 1 { throw failure("batchSize must be at least 1, got \(batchSize)") }
    let end = endIndex ?? steps
    let span = (sequenceLength - 1).multipliedReportingOverflow(by: samplingRate)
    guard !span.overflow else {
        throw failure("sequenceLength \(sequenceLength) with samplingRate \(samplingRate) spans more steps than any data has")
    }
    var windowCount = end - start - span.partialValue
    guard windowCount > 0 else {
        let spanned = span.partialValue == Int.max ? "more than \(Int.max)" : "\(span.partialValue + 1)"
        throw failure("a window of \(sequenceLength) steps \(samplingRate) apart spans \(spanned) steps, more than the \(end - start) steps in \(start)..<\(end)")
    }
    if let targets {
        guard targets.rank >= 1 else { throw failure("targets must have a time axis; got a scalar") }
        guard targets.shape[0] > 0 else { throw failure("targets has no time steps") }
        // As Keras: no more windows than targets.
        windowCount = Swift.min(windowCount, targets.shape[0])
    }
    var starts = Array(stride(from: start, to: start + windowCount, by: sequenceStride))
    if let targets, let last = starts.last, last >= targets.shape[0] {
        throw failure("targets has \(targets.shape[0]) steps, but the window starting at data index \(last) needs targets[\(last)]")
    }
    if shuffle {
        var generator = RandomGenerator(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        starts = generator.permutation(starts.count).map { starts[$0] }
    }
    return TimeseriesDataset(data: data, targets: targets, sequenceLength: sequenceLength, samplingRate: samplingRate,
                             batchSize: batchSize, startPositions: starts)
}
