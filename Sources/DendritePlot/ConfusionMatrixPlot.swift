import Dendrite
extension Plot {
    /// A confusion matrix as a heat map: rows are true classes (top to bottom), columns predicted
    /// classes, each cell shaded by its count and showing it.
    ///
    /// - Parameter classNames: one name per class (default the class numbers).
    /// - Throws: ``DendriteError`` if `classNames` does not have one name per class.
    public static func confusionMatrix(_ matrix: ConfusionMatrix, classNames: [String]? = nil) throws -> String {
        if let classNames, classNames.count != matrix.classCount {
            throw DendriteError.argument("Plot.confusionMatrix: \(classNames.count) class names for \(matrix.classCount) classes")
        }
        let values = matrix.counts.map { $0.map(Double.init) }
        return HeatMap(values, rowLabels: classNames, columnLabels: classNames, title: "Confusion matrix",
                       xLabel: "Predicted", yLabel: "True").svg
    }
}
