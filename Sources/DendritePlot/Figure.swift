import Dendrite
/// Several charts side by side in one picture: a grid of `columns` cells filled row by row, each
/// cell as large as the largest chart, with an optional title above.
///
/// ```swift
/// let figure = Figure([lossChart, accuracyChart], columns: 2, title: "Training")
/// try figure.write(to: URL(fileURLWithPath: "training.svg"))
/// ```
public struct Figure: Chart {
    public var charts: [any Chart]
    public var columns: Int
    public var title: String

    public init(_ charts: [any Chart], columns: Int = 2, title: String = "") {
        (self.charts, self.columns, self.title) = (charts, Swift.max(1, columns), title)
    }

    private var titleHeight: Double { title.isEmpty ? 0 : 32 }
    private var cellWidth: Double { charts.map(\.width).max() ?? 0 }
    private var cellHeight: Double { charts.map(\.height).max() ?? 0 }
    private var usedColumns: Int { Swift.min(columns, Swift.max(charts.count, 1)) }
    private var rows: Int { (charts.count + columns - 1) / columns }

    public var width: Double { cellWidth * Double(usedColumns) }
    public var height: Double { titleHeight + cellHeight * Double(rows) }

    public func draw(on canvas: inout SVGCanvas, in frame: Frame) {
        let scale = Swift.min(frame.width / Swift.max(width, 1), frame.height / Swift.max(height, 1))
        if !title.isEmpty {
            canvas.text(title, x: frame.x + frame.width / 2, y: frame.y + titleHeight / 2 + 4, size: 16, weight: "bold")
        }
        for (index, chart) in charts.enumerated() {
            let (row, column) = index.quotientAndRemainder(dividingBy: columns)
            canvas.group([("class", "subplot")]) { canvas in
                chart.draw(on: &canvas, in: Frame(x: frame.x + Double(column) * cellWidth * scale,
                                                  y: frame.y + (titleHeight + Double(row) * cellHeight) * scale,
                                                  width: cellWidth * scale, height: cellHeight * scale))
            }
        }
    }
}
