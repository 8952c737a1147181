import Dendrite
import Foundation

/// Ready-made pictures of models and their training, as standalone SVG documents:
/// ``trainingCurves(_:metrics:logarithmicLoss:)``, ``activationFunctions(_:range:includeDerivatives:samples:)``,
/// ``decisionBoundary(model:features:labels:resolution:threshold:classNames:featureNames:)`` and
/// ``confusionMatrix(_:classNames:)``. Each returns the SVG text; ``write(_:to:)`` saves it.
///
/// ```swift
/// let history = try model.fit(x, y, epochs: 30, validationSplit: 0.2)
/// try Plot.write(Plot.trainingCurves(history), to: URL(fileURLWithPath: "training.svg"))
/// ```
///
/// For other pictures, build a ``LineChart``, ``ScatterPlot``, ``HeatMap`` or ``Figure`` directly.
public enum Plot {
    /// Writes `svg` to `url` atomically (a reader never sees half a file); throws ``DendriteError``
    /// (`.invalidFile`, naming the path) when the file cannot be written.
    public static func write(_ svg: String, to url: URL) throws {
        do {
            try Data(svg.utf8).write(to: url, options: .atomic)
        } catch {
            throw DendriteError(.invalidFile, "Plot: cannot write '\(url.path)': \(FileErrorText.describe(error))")
        }
    }

    /// `learning_rate` → `Learning rate`.
    static func title(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
