import Dendrite
/// The key beside a chart: one row per entry, a sample of its line, marker or fill, then its name.
struct Legend {
    enum Sample { case line(color: String, dash: String?), marker(color: String), swatch(color: String) }

    let entries: [(name: String, sample: Sample)]
    static let rowHeight = 18.0, sampleWidth = 24.0, fontSize = 11.0

    /// The width the legend takes, with its gap from the plot; 0 when there are no entries.
    var width: Double {
        guard let longest = entries.map({ SVGCanvas.textWidth($0.name, size: Self.fontSize) }).max() else { return 0 }
        return 12 + Self.sampleWidth + 6 + longest + 8
    }

    /// Draws the rows from `(x, y)` downwards, in a `<g class="legend">`.
    func draw(on canvas: inout SVGCanvas, x: Double, y: Double) {
        guard !entries.isEmpty else { return }
        canvas.group([("class", "legend")]) { canvas in
            for (row, entry) in entries.enumerated() {
                let centre = y + (Double(row) + 0.5) * Self.rowHeight
                let (left, right) = (x + 12, x + 12 + Self.sampleWidth)
                switch entry.sample {
                case .line(let color, let dash):
                    var attributes = [("x1", SVGCanvas.number(left)), ("y1", SVGCanvas.number(centre)),
                                      ("x2", SVGCanvas.number(right)), ("y2", SVGCanvas.number(centre)),
                                      ("stroke", color), ("stroke-width", "2")]
                    if let dash { attributes.append(("stroke-dasharray", dash)) }
                    canvas.add("line", attributes)
                case .marker(let color):
                    canvas.add("circle", [("cx", SVGCanvas.number((left + right) / 2)), ("cy", SVGCanvas.number(centre)),
                                          ("r", "4"), ("fill", color), ("stroke", "#333333"), ("stroke-width", "0.6")])
                case .swatch(let color):
                    canvas.add("rect", [("x", SVGCanvas.number(left)), ("y", SVGCanvas.number(centre - 6)),
                                        ("width", SVGCanvas.number(Self.sampleWidth)), ("height", "12"),
                                        ("fill", color), ("stroke", "#999999"), ("stroke-width", "0.5")])
                }
                canvas.text(entry.name, x: right + 6, y: centre, anchor: "start", size: Self.fontSize)
            }
        }
    }
}
