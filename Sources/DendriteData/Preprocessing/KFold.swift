import DendriteCore

/// K-fold cross-validation indices (scikit-learn's `KFold`): the samples are cut into `splits`
/// consecutive folds (the first `n mod k` folds one sample larger), each fold is the test part once
/// and the rest is the training part.
///
/// ```swift
/// for (train, test) in try KFold(splits: 5, shuffle: true, seed: 42).split(count: data.count) {
///     let model = makeModel()
///     try model.fit(data.subset(train).features, data.subset(train).labels, epochs: 20)
/// }
/// ```
///
/// With `shuffle` the samples are permuted once (seeded) before cutting; without it the folds are
/// contiguous in order and `seed` is unused. Indices are sorted within each part.
public struct KFold: Sendable, Codable, Equatable {
    public let splits: Int
    public let shuffle: Bool
    public let seed: UInt64

    public init(splits: Int = 5, shuffle: Bool = false, seed: UInt64 = 0) {
        self.splits = splits
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The `(train, test)` indices of each fold for `count` samples.
    /// - Throws: ``DendriteError`` unless `2 ≤ splits ≤ count`.
    public func split(count: Int) throws -> [(train: [Int], test: [Int])] {
        try Self.check(splits: splits, count: count, name: "KFold")
        var generator = RandomGenerator(seed: seed)
        let order = shuffle ? generator.permutation(count) : Array(0..<count)
        var fold = [Int](repeating: 0, count: count), start = 0
        for index in 0..<splits {
            let size = count / splits + (index < count % splits ? 1 : 0)
            for position in start..<(start + size) { fold[order[position]] = index }
            start += size
        }
        return Self.parts(fold, splits: splits)
    }

    static func check(splits: Int, count: Int, name: String) throws {
        guard splits >= 2 else { throw DendriteError.argument("\(name): splits must be ≥ 2, got \(splits)") }
        guard splits <= count else {
            throw DendriteError.argument("\(name): \(splits) splits need at least \(splits) samples, got \(count)")
        }
    }

    /// Train and test indices for each fold number, given the fold of every sample.
    static func parts(_ fold: [Int], splits: Int) -> [(train: [Int], test: [Int])] {
        (0..<splits).map { index in
            (fold.indices.filter { fold[$0] != index }, fold.indices.filter { fold[$0] == index })
        }
    }
}
