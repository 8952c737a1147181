import Dendrite
import Foundation

/// A picture that draws itself into a rectangle of an SVG canvas: ``LineChart``, ``ScatterPlot``,
/// ``HeatMap``, or a ``Figure`` of several.
public protocol Chart: Sendable {
    /// Preferred size in pixels when drawn alone.
    var width: Double { get }
    var height: Double { get }
    /// Adds the chart's elements, laid out inside `frame`.
    func draw(on canvas: inout SVGCanvas, in frame: Frame)
}

extension Chart {
    /// The chart as a standalone SVG 1.1 document of `width × height` pixels.
    public var svg: String {
        var canvas = SVGCanvas()
        draw(on: &canvas, in: Frame(x: 0, y: 0, width: width, height: height))
        return canvas.document(width: width, height: height)
    }

    /// Writes ``svg`` to `url` atomically; throws ``DendriteError`` (`.invalidFile`, naming the path).
    public func write(to url: URL) throws { try Plot.write(svg, to: url) }
}
