import Dendrite
import Foundation

/// A matrix drawn as a grid of cells shaded by value (white for the smallest, dark blue for the
/// largest), each cell with its number written in it and labelled rows and columns: a confusion
/// matrix, or any table of scores.
///
/// Row 0 is at the top, as the matrix is printed. Numbers are written with `decimals` places, in
/// white on dark cells.
public struct HeatMap: Chart {
    /// `values[row][column]`; every row the same length.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String
    /// Label under the columns' names (e.g. "Predicted").
    public var xLabel: String
    /// Label beside the rows' names (e.g. "True").
    public var yLabel: String
    public var decimals: Int
    public var width: Double
    public var height: Double

    /// Rows must all have `values[0].count` entries; missing labels are the indices.
    public init(_ values: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil, title: String = "",
                xLabel: String = "", yLabel: String = "", decimals: Int = 0) {
        let columns = values.first?.count ?? 0
        precondition(values.allSatisfy { $0.count == columns }, "HeatMap: rows of different lengths")
        self.values = values
        self.rowLabels = rowLabels ?? values.indices.map(String.init)
        self.columnLabels = columnLabels ?? (0..<columns).map(String.init)
        (self.title, self.xLabel, self.yLabel, self.decimals) = (title, xLabel, yLabel, decimals)
        let cell = Swift.max(36, Swift.min(72, 480 / Double(Swift.max(columns, values.count, 1))))
        let rowLabelWidth = self.rowLabels.map { SVGCanvas.textWidth($0, size: 11) }.max() ?? 0
        width = 40 + rowLabelWidth + 12 + Double(columns) * cell + 24
        height = 40 + Double(values.count) * cell + 12 + Self.columnLabelDepth(self.columnLabels, cell: cell) + 30
    }

    /// How far the column names reach below the cells: one line, or their tilted extent.
    private static func columnLabelDepth(_ columnLabels: [String], cell: Double) -> Double {
        guard tilted(columnLabels, cell: cell) else { return 12 }
        return Swift.min(columnLabels.map { SVGCanvas.textWidth($0, size: 11) }.max() ?? 0, 120) * 0.71 + 6
    }

    /// Whether the column names are turned 45° to fit under narrow cells.
    private static func tilted(_ columnLabels: [String], cell: Double) -> Bool {
        columnLabels.contains { SVGCanvas.textWidth($0, size: 11) > cell - 4 }
    }

    public func draw(on canvas: inout SVGCanvas, in frame: Frame) {
        let rows = values.count, columns = values.first?.count ?? 0
        guard rows > 0, columns > 0 else { return }
        let rowLabelWidth = rowLabels.map { SVGCanvas.textWidth($0, size: 11) }.max() ?? 0
        let left = frame.x + 40 + rowLabelWidth + 12, top = frame.y + 40
        let widest = (frame.maxX - 24 - left) / Double(columns)
        let cell = Swift.min(widest, (frame.maxY - 42 - Self.columnLabelDepth(columnLabels, cell: widest) - top) / Double(rows))
        let finite = values.joined().filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)

        if !title.isEmpty {
            canvas.text(title, x: left + cell * Double(columns) / 2, y: frame.y + 18, size: 14, weight: "bold")
        }
        canvas.group([("class", "cells")]) { canvas in
            for (row, line) in values.enumerated() {
                for (column, value) in line.enumerated() {
                    let fraction = high > low ? (value - low) / (high - low) : 0
                    let (x, y) = (left + Double(column) * cell, top + Double(row) * cell)
                    canvas.add("rect", [("x", SVGCanvas.number(x)), ("y", SVGCanvas.number(y)),
                                        ("width", SVGCanvas.number(cell)), ("height", SVGCanvas.number(cell)),
                                        ("fill", Palette.sequential(fraction)), ("stroke", "#FFFFFF"),
                                        ("data-row", String(row)), ("data-column", String(column))])
                    canvas.text(formatted(value), x: x + cell / 2, y: y + cell / 2, size: Swift.min(14, cell / 3),
                                fill: fraction > 0.55 ? "#FFFFFF" : "#222222")
                }
            }
        }
        canvas.group([("class", "row-labels")]) { canvas in
            for (row, name) in rowLabels.enumerated() {
                canvas.text(name, x: left - 8, y: top + (Double(row) + 0.5) * cell, anchor: "end", size: 11)
            }
        }
        let labelsTop = top + Double(rows) * cell + 12
        canvas.group([("class", "column-labels")]) { canvas in
            for (column, name) in columnLabels.enumerated() {
                let x = left + (Double(column) + 0.5) * cell
                if Self.tilted(columnLabels, cell: cell) {
                    canvas.text(name, x: x, y: labelsTop, anchor: "end", size: 11, rotation: -45)
                } else {
                    canvas.text(name, x: x, y: labelsTop, size: 11)
                }
            }
        }
        canvas.text(xLabel, x: left + cell * Double(columns) / 2, y: labelsTop + Self.columnLabelDepth(columnLabels, cell: cell) + 14, size: 12)
        canvas.text(yLabel, x: left - 8 - rowLabelWidth - 16, y: top + cell * Double(rows) / 2, size: 12, rotation: -90)
    }

    private func formatted(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        return String(format: "%.\(decimals)f", value)
    }
}
