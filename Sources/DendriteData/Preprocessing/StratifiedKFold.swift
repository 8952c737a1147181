import DendriteCore

/// K-fold cross-validation that keeps every class's share in every fold (the idea of
/// scikit-learn's `StratifiedKFold`).
///
/// The samples of each class (classes in increasing order; within a class in index order, or
/// permuted when `shuffle`) are dealt to the folds in turn, continuing where the previous class
/// stopped. So each class's count differs by at most one between folds, and so do the fold sizes.
/// The fold assignment is simpler than scikit-learn's, so the exact indices differ from it.
public struct StratifiedKFold: Sendable, Codable, Equatable {
    public let splits: Int
    public let shuffle: Bool
    public let seed: UInt64

    public init(splits: Int = 5, shuffle: Bool = false, seed: UInt64 = 0) {
        self.splits = splits
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The `(train, test)` indices of each fold for class labels `[samples]`.
    /// - Throws: ``DendriteError`` unless `2 ≤ splits ≤ samples`, or if the labels are not one per sample.
    public func split(labels: Tensor) throws -> [(train: [Int], test: [Int])] {
        guard labels.rank == 1 || (labels.rank == 2 && labels.shape[1] == 1) else {
            throw DendriteError.shape("StratifiedKFold: labels of shape \(labels.shape); expected [samples] class labels")
        }
        let values = labels.scalars
        try KFold.check(splits: splits, count: values.count, name: "StratifiedKFold")
        var generator = RandomGenerator(seed: seed)
        var fold = [Int](repeating: 0, count: values.count), next = 0
        for (_, members) in Dictionary(grouping: values.indices, by: { values[$0] }).sorted(by: { $0.key < $1.key }) {
            let order = shuffle ? generator.permutation(members.count).map { members[$0] } : members
            for index in order {
                fold[index] = next
                next = (next + 1) % splits
            }
        }
        return KFold.parts(fold, splits: splits)
    }
}
