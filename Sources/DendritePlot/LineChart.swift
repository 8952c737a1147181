import Dendrite
/// Named series of `(x, y)` points drawn as lines over nice-ticked axes, with a title, axis labels
/// and a legend on the right.
///
/// Each series is one `<path>` (`M x y L x y …`) in its own colour from ``Palette/categorical``;
/// series past the eighth reuse the colours dashed. Points an axis cannot show (NaN, ±∞, or ≤ 0 on
/// a logarithmic y axis) are left out and the line resumes after them with a new `M`.
///
/// ```swift
/// var chart = LineChart(title: "Loss", xLabel: "Epoch", yLabel: "Loss")
/// chart.add("loss", x: [1, 2, 3], y: [0.9, 0.5, 0.3])
/// try chart.write(to: URL(fileURLWithPath: "loss.svg"))
/// ```
public struct LineChart: Chart {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// Draw the line dashed (e.g. validation curves); colours still follow the series order.
        public var dashed: Bool

        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            (self.name, self.points, self.dashed) = (name, points, dashed)
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series] = []
    /// Base-10 logarithmic y axis (for losses spanning decades, learning rates).
    public var logarithmicY = false
    /// Only whole-number steps on the x axis (epochs).
    public var integerX = false
    /// Fixed axis ranges; by default the data's, widened to nice ticks.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var width: Double
    public var height: Double

    public init(title: String = "", xLabel: String = "", yLabel: String = "", width: Double = 520,
                height: Double = 340) {
        (self.title, self.xLabel, self.yLabel, self.width, self.height) = (title, xLabel, yLabel, width, height)
    }

    /// Appends a series from matching `x` and `y` values (extra values of the longer one are ignored).
    public mutating func add<X: BinaryFloatingPoint, Y: BinaryFloatingPoint>(_ name: String, x: [X], y: [Y],
                                                                            dashed: Bool = false) {
        series.append(Series(name: name, points: zip(x, y).map { (Double($0), Double($1)) }, dashed: dashed))
    }

    /// Dash pattern of series `index`: solid within the first round of colours, then dashed.
    func dash(_ index: Int) -> String? {
        series[index].dashed || index >= Palette.categorical.count ? "6 4" : nil
    }

    /// The axes fitted to the finite points (positive ones for a log y axis) or the fixed ranges.
    func axes() -> (x: Axis, y: Axis) {
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logarithmicY || $0.y > 0) }
        let xs = points.map(\.x), ys = points.map(\.y)
        let xSpan = xRange ?? (xs.min() ?? 0)...(xs.max() ?? 1)
        let ySpan = yRange ?? (ys.min() ?? (logarithmicY ? 0.1 : 0))...(ys.max() ?? 1)
        let x = Axis.linear(covering: xSpan, exact: xRange != nil, integerSteps: integerX)
        let y = logarithmicY ? Axis.logarithmic(covering: ySpan) : Axis.linear(covering: ySpan, exact: yRange != nil)
        return (x, y)
    }

    public func draw(on canvas: inout SVGCanvas, in frame: Frame) {
        let legend = Legend(entries: series.indices.map {
            (series[$0].name, .line(color: Palette.color($0), dash: dash($0)))
        })
        let (xAxis, yAxis) = axes()
        let area = PlotArea(frame: frame, xAxis: xAxis, yAxis: yAxis, rightReserve: legend.width)
        area.drawBackground(on: &canvas, title: title)
        let clip = area.clip(on: &canvas)
        canvas.group([("clip-path", clip), ("fill", "none"), ("stroke-width", "2"), ("stroke-linejoin", "round")]) { canvas in
            for (index, line) in series.enumerated() {
                var attributes = [("d", pathData(line.points, in: area)), ("stroke", Palette.color(index)),
                                  ("data-series", line.name)]
                if let dash = dash(index) { attributes.append(("stroke-dasharray", dash)) }
                canvas.add("path", attributes)
            }
        }
        area.drawAxes(on: &canvas, xLabel: xLabel, yLabel: yLabel)
        legend.draw(on: &canvas, x: area.plot.maxX, y: area.plot.y)
    }

    /// `M x y L x y …`, starting a new `M` after each point the axes cannot show.
    func pathData(_ points: [(x: Double, y: Double)], in area: PlotArea) -> String {
        var commands: [String] = [], penDown = false
        for point in points {
            guard let p = area.position(x: point.x, y: point.y) else { penDown = false; continue }
            commands.append("\(penDown ? "L" : "M")\(SVGCanvas.number(p.x)) \(SVGCanvas.number(p.y))")
            penDown = true
        }
        return commands.joined(separator: " ")
    }
}
