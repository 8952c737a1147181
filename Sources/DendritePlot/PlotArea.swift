import Dendrite
/// The part of a chart shared by line and scatter charts: the plotting rectangle inside the chart's
/// frame, its two axes, and the frame, grid lines, ticks, tick labels, axis labels and title around it.
struct PlotArea {
    /// Space around the plotting rectangle for the title, tick labels and axis labels.
    static let margins = (top: 34.0, right: 14.0, bottom: 46.0, left: 62.0)

    let plot: Frame
    let xAxis: Axis
    let yAxis: Axis

    /// Lays out the plotting rectangle inside `frame`, keeping `rightReserve` pixels free on the right
    /// (for a legend).
    init(frame: Frame, xAxis: Axis, yAxis: Axis, rightReserve: Double = 0) {
        let m = Self.margins
        plot = Frame(x: frame.x + m.left, y: frame.y + m.top,
                     width: Swift.max(frame.width - m.left - m.right - rightReserve, 10),
                     height: Swift.max(frame.height - m.top - m.bottom, 10))
        (self.xAxis, self.yAxis) = (xAxis, yAxis)
    }

    /// The pixel position of a data point, nil where an axis cannot show it (non-finite, or ≤ 0 on a
    /// log axis).
    func position(x: Double, y: Double) -> (x: Double, y: Double)? {
        guard let fx = xAxis.fraction(x), let fy = yAxis.fraction(y) else { return nil }
        return (plot.x + fx * plot.width, plot.maxY - fy * plot.height)
    }

    /// Draws the grid lines and the title; call before the data so that data sit on top of the grid.
    func drawBackground(on canvas: inout SVGCanvas, title: String) {
        canvas.group([("stroke", "#E4E4E4"), ("stroke-width", "1")]) { canvas in
            for tick in xAxis.ticks {
                guard let fx = xAxis.fraction(tick) else { continue }
                let x = SVGCanvas.number(plot.x + fx * plot.width)
                canvas.add("line", [("x1", x), ("y1", SVGCanvas.number(plot.y)), ("x2", x), ("y2", SVGCanvas.number(plot.maxY))])
            }
            for tick in yAxis.ticks {
                guard let fy = yAxis.fraction(tick) else { continue }
                let y = SVGCanvas.number(plot.maxY - fy * plot.height)
                canvas.add("line", [("x1", SVGCanvas.number(plot.x)), ("y1", y), ("x2", SVGCanvas.number(plot.maxX)), ("y2", y)])
            }
        }
        if !title.isEmpty {
            canvas.text(title, x: plot.x + plot.width / 2, y: plot.y - 18, size: 14, weight: "bold")
        }
    }

    /// Draws the frame, tick marks, tick labels and axis labels; call after the data.
    func drawAxes(on canvas: inout SVGCanvas, xLabel: String, yLabel: String) {
        canvas.add("rect", [("x", SVGCanvas.number(plot.x)), ("y", SVGCanvas.number(plot.y)),
                            ("width", SVGCanvas.number(plot.width)), ("height", SVGCanvas.number(plot.height)),
                            ("fill", "none"), ("stroke", "#444444")])
        canvas.group([("class", "x-ticks")]) { canvas in
            for tick in xAxis.ticks {
                guard let fx = xAxis.fraction(tick) else { continue }
                let x = plot.x + fx * plot.width
                canvas.add("line", [("x1", SVGCanvas.number(x)), ("y1", SVGCanvas.number(plot.maxY)),
                                    ("x2", SVGCanvas.number(x)), ("y2", SVGCanvas.number(plot.maxY + 5)),
                                    ("stroke", "#444444")])
                canvas.text(xAxis.label(tick), x: x, y: plot.maxY + 14, size: 11)
            }
        }
        canvas.group([("class", "y-ticks")]) { canvas in
            for tick in yAxis.ticks {
                guard let fy = yAxis.fraction(tick) else { continue }
                let y = plot.maxY - fy * plot.height
                canvas.add("line", [("x1", SVGCanvas.number(plot.x - 5)), ("y1", SVGCanvas.number(y)),
                                    ("x2", SVGCanvas.number(plot.x)), ("y2", SVGCanvas.number(y)),
                                    ("stroke", "#444444")])
                canvas.text(yAxis.label(tick), x: plot.x - 8, y: y, anchor: "end", size: 11)
            }
        }
        canvas.text(xLabel, x: plot.x + plot.width / 2, y: plot.maxY + 33, size: 12)
        let longestTick = yAxis.ticks.map { SVGCanvas.textWidth(yAxis.label($0), size: 11) }.max() ?? 0
        let labelX = Swift.max(plot.x - 8 - longestTick - 12, plot.x - PlotArea.margins.left + 8)
        canvas.text(yLabel, x: labelX, y: plot.y + plot.height / 2, size: 12, rotation: -90)
    }

    /// Adds a clip path for the plotting rectangle and returns its `url(#…)` reference.
    func clip(on canvas: inout SVGCanvas) -> String { canvas.clipPath(plot) }
}
