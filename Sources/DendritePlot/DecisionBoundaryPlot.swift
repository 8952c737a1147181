import Dendrite

extension Plot {
    /// The grid sizes ``decisionBoundary(model:features:labels:resolution:threshold:classNames:featureNames:)``
    /// accepts: at least 2 cells a side, and at most 2000 (4 million predictions).
    public static let decisionBoundaryResolutions = 2...2000

    /// A two-feature classifier's decision regions with the data drawn over them.
    ///
    /// The model is run on a `resolution × resolution` grid of cell centres covering the data's
    /// bounding box widened by 10 % on each side. A cell takes the predicted class: output `> threshold`
    /// for a single output (`[m]` or `[m, 1]`), the argmax of the row otherwise. Regions are tinted
    /// in the class colours and each data point is drawn in its true class's colour, so misclassified
    /// points stand out on a region of another colour.
    ///
    /// - Parameters:
    ///   - features: `[n, 2]`, in the units the model was trained on (scale them first if it was).
    ///   - labels: class ids `[n]` or `[n, 1]`, or one-hot rows `[n, classes]`.
    ///   - classNames: legend names by class id (default `class 0`, `class 1`, …).
    ///   - featureNames: the two axis labels (default `feature 0`, `feature 1`).
    /// - Throws: ``DendriteError`` if the shapes do not fit (the model must take samples of shape
    ///   `[2]`), labels are not class ids, or names are missing.
    public static func decisionBoundary(model: Model, features: Tensor, labels: Tensor, resolution: Int = 100,
                                        threshold: Float = 0.5, classNames: [String]? = nil,
                                        featureNames: [String]? = nil) throws -> String {
        guard features.rank == 2, features.shape[1] == 2, features.shape[0] > 0 else {
            throw DendriteError.shape("Plot.decisionBoundary: features must have shape [n, 2] with n > 0, got \(features.shape)")
        }
        if let expected = model.expectedInputShapes, expected != [[2]] {
            throw DendriteError.shape("Plot.decisionBoundary: \(model.name) expects samples of shape \(expected.count == 1 ? "\(expected[0])" : "\(expected)"), "
                                      + "but a decision boundary is drawn over 2 features (samples of shape [2])")
        }
        guard decisionBoundaryResolutions.contains(resolution) else {
            let (low, high) = (decisionBoundaryResolutions.lowerBound, decisionBoundaryResolutions.upperBound)
            throw DendriteError.argument("Plot.decisionBoundary: resolution must be in \(low)…\(high), got \(resolution)")
        }
        try FiniteValues.require(features, "features")
        let classes = try classIDs(labels, samples: features.shape[0])

        let columns = features.transposed().scalars.map(Double.init)
        let n = features.shape[0]
        let (xRange, yRange) = (paddedRange(columns[..<n]), paddedRange(columns[n...]))
        let (xs, ys) = (cellCentres(xRange, resolution), cellCentres(yRange, resolution))
        let grid = Tensor(shape: [resolution * resolution, 2],
                          scalars: ys.flatMap { y in xs.flatMap { x in [Float(x), Float(y)] } })
        let output = try model.predict(grid, batchSize: resolution * resolution)
        let predicted = predictedClasses(output, threshold: threshold)

        let classCount = Swift.max(classes.max().map { $0 + 1 } ?? 0, output.rank == 2 && output.shape[1] > 1 ? output.shape[1] : 2,
                                   (predicted.max() ?? 0) + 1)
        let names = classNames ?? (0..<classCount).map { "class \($0)" }
        guard names.count >= classCount else {
            throw DendriteError.argument("Plot.decisionBoundary: \(names.count) class names for \(classCount) classes")
        }
        let axisNames = featureNames ?? ["feature 0", "feature 1"]
        guard axisNames.count == 2 else {
            throw DendriteError.argument("Plot.decisionBoundary: featureNames needs 2 names, got \(axisNames.count)")
        }
        let points = features.scalars.map(Double.init)
        var chart = ScatterPlot(title: "Decision regions of \(model.name)", xLabel: axisNames[0], yLabel: axisNames[1])
        chart.regions = ScatterPlot.Regions(x: xRange, y: yRange, columns: resolution, rows: resolution, classes: predicted)
        chart.groups = (0..<classCount).map { label in
            ScatterPlot.Group(name: names[label], points: classes.indices.filter { classes[$0] == label }
                .map { (points[2 * $0], points[2 * $0 + 1]) })
        }
        return chart.svg
    }

    /// Class ids from `[n]`/`[n, 1]` integer labels or `[n, k]` one-hot rows.
    static func classIDs(_ labels: Tensor, samples: Int) throws -> [Int] {
        guard labels.rank >= 1, labels.rank <= 2, labels.shape[0] == samples else {
            throw DendriteError.shape("Plot.decisionBoundary: labels must have shape [\(samples)], [\(samples), 1] "
                                      + "or [\(samples), classes] for features [\(samples), 2], got \(labels.shape)")
        }
        if labels.rank == 2 && labels.shape[1] > 1 { return labels.argmax(alongAxis: 1).scalars.map { Int($0) } }
        let values = labels.scalars
        // Int(exactly:) refuses NaN, fractions and values beyond Int; the bound keeps a palette and
        // the per-class arrays small whatever the labels say.
        let ids = values.map { Int(exactly: $0).flatMap { (0..<65_536).contains($0) ? $0 : nil } }
        guard let bad = ids.firstIndex(of: nil) else { return ids.compactMap { $0 } }
        throw DendriteError.data("Plot.decisionBoundary: labels must be class ids 0, 1, 2, … (below 65536), found \(values[bad])")
    }

    /// The class of each output row: `> threshold` for one output, argmax for several.
    static func predictedClasses(_ output: Tensor, threshold: Float) -> [Int] {
        if output.rank == 2 && output.shape[1] > 1 { return output.argmax(alongAxis: 1).scalars.map { Int($0) } }
        return output.scalars.map { $0 > threshold ? 1 : 0 }
    }

    /// The values' range widened by 10 % of its span on each side (by 0.5 if all values are equal).
    static func paddedRange(_ values: ArraySlice<Double>) -> ClosedRange<Double> {
        let (low, high) = (values.min() ?? 0, values.max() ?? 0)
        let margin = high > low ? 0.1 * (high - low) : 0.5
        return (low - margin)...(high + margin)
    }

    /// The centres of `count` equal cells dividing `range`.
    static func cellCentres(_ range: ClosedRange<Double>, _ count: Int) -> [Double] {
        let size = (range.upperBound - range.lowerBound) / Double(count)
        return (0..<count).map { range.lowerBound + (Double($0) + 0.5) * size }
    }
}
