import Dendrite
/// Groups of points drawn as dots, one colour per group, over an optional map of class regions
/// (a decision boundary).
///
/// Group `i` is drawn in ``Palette/color(_:)`` `i`, and region class `i` in the same colour's tint,
/// so points sit on the region of their own class when a classifier is right about them.
public struct ScatterPlot: Chart {
    public struct Group: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) { (self.name, self.points) = (name, points) }
    }

    /// A grid of class ids over a rectangle of the plane: `classes[row * columns + column]`, row 0 at
    /// the lowest y, each cell `(x.upper − x.lower) / columns` wide.
    public struct Regions: Sendable {
        public var x: ClosedRange<Double>
        public var y: ClosedRange<Double>
        public var columns: Int
        public var rows: Int
        public var classes: [Int]

        public init(x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int, classes: [Int]) {
            precondition(classes.count == columns * rows, "Regions: \(classes.count) classes for a \(columns)×\(rows) grid")
            (self.x, self.y, self.columns, self.rows, self.classes) = (x, y, columns, rows, classes)
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var groups: [Group] = []
    /// Coloured under the points; the axes then span exactly its rectangle.
    public var regions: Regions?
    /// Names of region classes shown in the legend as swatches (nil: none).
    public var regionNames: [String]?
    public var width: Double
    public var height: Double

    public init(title: String = "", xLabel: String = "", yLabel: String = "", width: Double = 600,
                height: Double = 440) {
        (self.title, self.xLabel, self.yLabel, self.width, self.height) = (title, xLabel, yLabel, width, height)
    }

    func axes() -> (x: Axis, y: Axis) {
        if let regions {
            return (Axis.linear(covering: regions.x, exact: true), Axis.linear(covering: regions.y, exact: true))
        }
        let points = groups.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xs = points.map(\.x), ys = points.map(\.y)
        return (Axis.linear(covering: (xs.min() ?? 0)...(xs.max() ?? 1)),
                Axis.linear(covering: (ys.min() ?? 0)...(ys.max() ?? 1)))
    }

    public func draw(on canvas: inout SVGCanvas, in frame: Frame) {
        let swatches = (regionNames ?? []).enumerated().map { ($1, Legend.Sample.swatch(color: Palette.tint($0))) }
        let markers = groups.indices.map { (groups[$0].name, Legend.Sample.marker(color: Palette.color($0))) }
        let legend = Legend(entries: markers + swatches)
        let (xAxis, yAxis) = axes()
        let area = PlotArea(frame: frame, xAxis: xAxis, yAxis: yAxis, rightReserve: legend.width)
        area.drawBackground(on: &canvas, title: title)
        let clip = area.clip(on: &canvas)
        if let regions { drawRegions(regions, on: &canvas, area: area, clip: clip) }
        canvas.group([("class", "points"), ("clip-path", clip), ("stroke", "#333333"), ("stroke-width", "0.6")]) { canvas in
            for (index, group) in groups.enumerated() {
                for point in group.points {
                    guard let p = area.position(x: point.x, y: point.y) else { continue }
                    canvas.add("circle", [("cx", SVGCanvas.number(p.x)), ("cy", SVGCanvas.number(p.y)), ("r", "3.5"),
                                          ("fill", Palette.color(index))])
                }
            }
        }
        area.drawAxes(on: &canvas, xLabel: xLabel, yLabel: yLabel)
        legend.draw(on: &canvas, x: area.plot.maxX, y: area.plot.y)
    }

    /// One `<rect>` per run of equal classes along each grid row, so a smooth boundary costs a few
    /// rectangles per row rather than one per cell.
    private func drawRegions(_ regions: Regions, on canvas: inout SVGCanvas, area: PlotArea, clip: String) {
        let cellWidth = area.plot.width / Double(regions.columns), cellHeight = area.plot.height / Double(regions.rows)
        canvas.group([("class", "regions"), ("clip-path", clip), ("shape-rendering", "crispEdges")]) { canvas in
            for row in 0..<regions.rows {
                var start = 0
                let top = area.plot.maxY - Double(row + 1) * cellHeight
                for column in 1...regions.columns {
                    let label = regions.classes[row * regions.columns + start]
                    if column < regions.columns && regions.classes[row * regions.columns + column] == label { continue }
                    // Half a pixel of overlap hides anti-aliasing seams between neighbouring rectangles.
                    canvas.add("rect", [("x", SVGCanvas.number(area.plot.x + Double(start) * cellWidth)),
                                        ("y", SVGCanvas.number(top)),
                                        ("width", SVGCanvas.number(Double(column - start) * cellWidth + 0.5)),
                                        ("height", SVGCanvas.number(cellHeight + 0.5)),
                                        ("fill", Palette.tint(label)), ("data-class", String(label))])
                    start = column
                }
            }
        }
    }
}
