/// What `fit` recorded: one value per epoch for the loss, every metric, their `val_` forms, the
/// learning rate (`learning_rate`) and the epoch time in seconds (`epoch_time`).
public struct History: Sendable {
    /// The epochs that ran (0-based).
    public internal(set) var epochs: [Int] = []
    /// Values by key (`loss`, `accuracy`, `val_loss`, …), one per epoch.
    public internal(set) var values: [String: [Float]] = [:]

    public subscript(_ key: String) -> [Float]? { values[key] }

    /// A history read back from a file (e.g. the `history.json` the `dendrite train` command writes).
    /// - Throws: ``DendriteError`` if a key does not hold one value per epoch.
    public init(epochs: [Int], values: [String: [Float]]) throws {
        for (key, series) in values.sorted(by: { $0.key < $1.key }) where series.count != epochs.count {
            throw DendriteError.data("History: '\(key)' has \(series.count) values for \(epochs.count) epochs")
        }
        self.epochs = epochs
        self.values = values
    }

    init() {}

    mutating func record(epoch: Int, logs: [String: Float]) {
        epochs.append(epoch)
        for (key, value) in logs { values[key, default: []].append(value) }
    }
}
