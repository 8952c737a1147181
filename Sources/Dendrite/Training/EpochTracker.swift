import DendriteCore

/// The running loss (weighted by batch size, as Keras) and metric statistics of one output over
/// one epoch.
struct EpochTracker {
    private var lossSum = 0.0, samples = 0
    private var accumulators: [MetricAccumulator]
    private let outputActivation: Activation?

    init(metrics: [Metric], loss: Loss, outputWidth: Int) {
        accumulators = metrics.map {
            MetricAccumulator($0.resolved(for: loss, outputWidth: outputWidth), reportedAs: $0.name)
        }
        // Metrics see probabilities even when the loss works on logits.
        outputActivation = loss.outputActivation
    }

    /// With a `mask` (`[batch, steps]`), the metrics see the unmasked steps only, each as a sample (Keras
    /// weights them by the mask).
    mutating func add(loss: Float, samples count: Int, predictions: @autoclosure () -> Tensor, targets: Tensor,
                      mask: Tensor? = nil) {
        lossSum += Double(loss) * Double(count)
        samples += count
        guard !accumulators.isEmpty else { return }
        var (predictions, targets) = (predictions(), targets)
        if let mask {
            let kept = mask.scalars.indices.filter { mask.scalars[$0] != 0 }
            guard !kept.isEmpty else { return }
            func steps(_ tensor: Tensor) -> Tensor {
                tensor.reshaped([mask.count] + tensor.shape.dropFirst(mask.rank)).gathering(kept, alongAxis: 0)
            }
            (predictions, targets) = (steps(predictions), steps(targets))
        }
        let probabilities = GradientMode.disabled { outputActivation.map { $0(predictions) } ?? predictions }
        for index in accumulators.indices { accumulators[index].update(probabilities, targets) }
    }

    var logs: [String: Float] {
        var logs = ["loss": samples > 0 ? Float(lossSum / Double(samples)) : 0]
        for accumulator in accumulators { logs[accumulator.name] = accumulator.result }
        return logs
    }
}

/// The epoch's logs of a whole model: its total loss, and per output its loss and metrics. A
/// model with one output logs `loss` and the metric names; with several, as Keras, `loss` is the
/// weighted total and each output adds `<output>_loss` and `<output>_<metric>`.
struct ModelTracker {
    private var outputs: [EpochTracker]
    private let names: [String]
    private var totalSum = 0.0, samples = 0

    init(objectives: [OutputObjective], outputShapes: [[Int]]) {
        names = objectives.map(\.name)
        outputs = zip(objectives, outputShapes).map {
            EpochTracker(metrics: $0.metrics, loss: $0.loss, outputWidth: $1.last ?? 1)
        }
    }

    /// Adds one batch: the total loss, each output's loss (read only when there are several), the
    /// outputs (made only if a metric needs them) and the targets.
    mutating func add(total: Float, outputLosses: [Tensor], samples count: Int, predictions: () -> [Tensor], targets: [Tensor],
                      masks: [Tensor?] = []) {
        totalSum += Double(total) * Double(count)
        samples += count
        func mask(_ index: Int) -> Tensor? { index < masks.count ? masks[index] : nil }
        if outputs.count == 1 {
            outputs[0].add(loss: total, samples: count, predictions: predictions()[0], targets: targets[0], mask: mask(0))
            return
        }
        var made: [Tensor]?
        for index in outputs.indices {
            outputs[index].add(loss: outputLosses[index].scalar, samples: count,
                               predictions: { made = made ?? predictions(); return made![index] }(), targets: targets[index],
                               mask: mask(index))
        }
    }

    var logs: [String: Float] {
        if outputs.count == 1 { return outputs[0].logs }
        var logs = ["loss": samples > 0 ? Float(totalSum / Double(samples)) : 0]
        for (name, tracker) in zip(names, outputs) {
            for (key, value) in tracker.logs { logs["\(name)_\(key)"] = value }
        }
        return logs
    }
}
