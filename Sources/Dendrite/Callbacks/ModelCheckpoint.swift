import Foundation

/// Saves the model after every epoch, or only when `monitor` improves (Keras' `ModelCheckpoint`).
/// A checkpoint is a model directory (``Sequential/save(to:)``) that also records the number of
/// completed epochs; with its optimizer state and random-generator states,
/// `fit(…, resumeFrom: url)` continues an interrupted run to the same final weights, bit for bit.
///
/// ```swift
/// try model.fit(x, y, epochs: 50, validationData: (vx, vy),
///               callbacks: [ModelCheckpoint("checkpoints/best", saveBestOnly: true)])
/// // after a crash:
/// try model.fit(x, y, epochs: 50, validationData: (vx, vy), resumeFrom: URL(fileURLWithPath: "checkpoints/best"))
/// ```
///
/// `{epoch}` in the path becomes the 1-based epoch number (`ckpt-{epoch}` → `ckpt-3`), as Keras'
/// `{epoch}`. Each save replaces its directory atomically. Defaults (Keras): monitor `val_loss`,
/// `saveBestOnly` false, mode `.auto`.
public final class ModelCheckpoint: Callback {
    public let path: String
    public let monitor: String
    public let saveBestOnly: Bool
    public let mode: MonitorMode
    /// The best monitored value seen (kept across `fit` calls, as Keras).
    public private(set) var best: Float?
    /// The directory written last, if any.
    public private(set) var lastSaved: URL?

    public init(_ path: String, monitor: String = "val_loss", saveBestOnly: Bool = false, mode: MonitorMode = .auto) {
        self.path = path
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.mode = mode
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws {
        if saveBestOnly {
            guard let value = logs[monitor] else {
                throw DendriteError.argument("ModelCheckpoint: monitored value '\(monitor)' is not among \(logs.keys.sorted())")
            }
            let lowerIsBetter = mode.lowerIsBetter(for: monitor)
            guard best.map({ lowerIsBetter ? value < $0 : value > $0 }) ?? true else { return }
            best = value
        }
        let url = URL(fileURLWithPath: path.replacingOccurrences(of: "{epoch}", with: "\(epoch + 1)"))
        try model.save(to: url, completedEpochs: epoch + 1)
        lastSaved = url
    }
}
