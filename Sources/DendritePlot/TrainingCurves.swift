import Dendrite
extension Plot {
    /// The curves of a training run, one panel per quantity, in one SVG: the loss first, then each
    /// metric, each panel with the training values (solid) and their `val_` counterparts (dashed)
    /// against the epoch (counted from 1), two panels per row.
    ///
    /// - Parameters:
    ///   - metrics: the metrics to draw besides the loss (keys of `history`, without `val_`); nil
    ///     draws every recorded metric except `learning_rate` and `epoch_time`, which can be asked
    ///     for by name.
    ///   - logarithmicLoss: a base-10 logarithmic y axis for the loss panel.
    /// - Throws: ``DendriteError`` if the history has no epochs or a requested metric was not recorded.
    public static func trainingCurves(_ history: History, metrics: [String]? = nil,
                                      logarithmicLoss: Bool = false) throws -> String {
        guard !history.epochs.isEmpty else {
            throw DendriteError.data("Plot.trainingCurves: the history is empty (no epoch ran)")
        }
        let recorded = history.values.keys.sorted()
        let recordedList = recorded.map(QuotedText.shown).joined(separator: ", ")
        let automatic = recorded.filter { !$0.hasPrefix("val_") && !["loss", "learning_rate", "epoch_time"].contains($0) }
        let requested = (metrics ?? automatic).filter { $0 != "loss" }
        for key in requested where history[key] == nil && history["val_" + key] == nil {
            throw DendriteError.argument("Plot.trainingCurves: no metric \(QuotedText.quoted(key)) in the history; recorded: \(recordedList)")
        }
        let epochs = history.epochs.map { Double($0 + 1) }
        let panels = (history["loss"] == nil ? [] : ["loss"]) + requested
        guard !panels.isEmpty else {
            throw DendriteError.argument("Plot.trainingCurves: nothing to draw; recorded: \(recordedList)")
        }
        let charts: [any Chart] = panels.map { key in
            var chart = LineChart(title: title(key), xLabel: "Epoch", yLabel: key)
            chart.integerX = true
            chart.logarithmicY = key == "loss" && logarithmicLoss
            if let values = history[key] { chart.add(key, x: epochs, y: values) }
            if let values = history["val_" + key] { chart.add("val_" + key, x: epochs, y: values, dashed: true) }
            return chart
        }
        return Figure(charts, columns: Swift.min(charts.count, 2)).svg
    }
}
