import Testing
@testable import Dendrite
@testable import DendritePlot

@Suite struct LineChartTests {
    static func threeSeries() -> LineChart {
        var chart = LineChart(title: "Growth", xLabel: "step", yLabel: "value")
        chart.add("linear", x: [0, 1, 2, 3, 4], y: [0, 1, 2, 3, 4])
        chart.add("square", x: [0, 1, 2, 3], y: [0, 1, 4, 9])
        chart.add("constant", x: [0, 4], y: [5, 5], dashed: true)
        return chart
    }

    @Test func drawsOnePathPerSeriesWithItsPointsColoursAndLegend() throws {
        let svg = try SVGInspector(Self.threeSeries().svg)
        let paths = svg.all("path")
        #expect(paths.map { $0.attribute("data-series") } == ["linear", "square", "constant"])
        #expect(paths.map { SVGInspector.points($0.attribute("d") ?? "").points.count } == [5, 4, 2])
        #expect(paths.map { $0.attribute("stroke") } == Array(Palette.categorical.prefix(3)))
        #expect(paths.map { $0.attribute("stroke-dasharray") } == [nil, nil, "6 4"])
        let legend = try #require(svg.groups("legend").first)
        #expect(svg.texts(in: legend) == ["linear", "square", "constant"])
        #expect(svg.all("line", in: legend).map { $0.attribute("stroke") } == Array(Palette.categorical.prefix(3)))
    }

    @Test func showsTitleAxisLabelsAndNiceTickLabels() throws {
        let svg = try SVGInspector(Self.threeSeries().svg)
        let texts = svg.texts()
        #expect(texts.contains("Growth") && texts.contains("step") && texts.contains("value"))
        #expect(svg.texts(in: svg.groups("x-ticks")[0]) == ["0", "1", "2", "3", "4"])
        #expect(svg.texts(in: svg.groups("y-ticks")[0]) == ["0", "2", "4", "6", "8", "10"])
    }

    @Test func pointsLandWhereTheTicksSay() throws {
        let svg = try SVGInspector(Self.threeSeries().svg)
        // Tick marks: the x ticks' vertical lines and the y ticks' horizontal ones give the pixel of each value.
        let xTicks = svg.all("line", in: svg.groups("x-ticks")[0]).map { $0.number("x1") }
        let yTicks = svg.all("line", in: svg.groups("y-ticks")[0]).map { $0.number("y1") }
        let square = SVGInspector.points(svg.all("path")[1].attribute("d") ?? "").points
        // (3, 9): x at tick "3", y 9/10 of the way from tick "0" to tick "10".
        #expect(abs(square[3].x - xTicks[3]) < 0.01)
        #expect(abs(square[3].y - (yTicks[0] + 0.9 * (yTicks[5] - yTicks[0]))) < 0.01)
    }

    @Test func leavesOutPointsTheAxisCannotShowAndLiftsThePen() throws {
        var chart = LineChart()
        chart.logarithmicY = true
        chart.add("loss", x: [1, 2, 3, 4, 5, 6], y: [1, 0.1, .nan, 0.01, 0, 0.001])
        let svg = try SVGInspector(chart.svg)
        let (points, moves) = SVGInspector.points(svg.all("path")[0].attribute("d") ?? "")
        #expect(points.count == 4 && moves == 3)
        #expect(svg.texts(in: svg.groups("y-ticks")[0]) == ["0.001", "0.01", "0.1", "1"])
    }

    @Test func seriesBeyondThePaletteAreDashed() throws {
        var chart = LineChart()
        for index in 0..<10 { chart.add("s\(index)", x: [0, 1], y: [Double(index), Double(index)]) }
        let paths = try SVGInspector(chart.svg).all("path")
        #expect(paths.count == 10)
        #expect(paths[8].attribute("stroke") == paths[0].attribute("stroke") && paths[8].attribute("stroke-dasharray") != nil)
        #expect(Set(paths.prefix(8).map { $0.attribute("stroke") }).count == 8)
    }
}
