import Foundation
import Testing
@testable import Dendrite
@testable import DendritePlot

@Suite struct SVGCoreTests {
    @Test func escapesTheXMLSpecialCharactersInTextAndAttributes() throws {
        let awkward = #"a & <b> "c" 'd'"#
        var chart = LineChart(title: awkward, xLabel: "x < 1", yLabel: "y > 0")
        chart.add(awkward, x: [0, 1], y: [0, 1])
        let svg = try SVGInspector(chart.svg)
        #expect(svg.texts().filter { $0 == awkward }.count == 2)   // title and legend entry
        #expect(svg.texts().contains("x < 1") && svg.texts().contains("y > 0"))
        #expect(svg.all("path").first?.attribute("data-series") == awkward)
        #expect(SVGCanvas.escaped(awkward) == "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;")
    }

    /// A history.csv column named with an escape sequence once gave an SVG no XML parser would read.
    @Test func charactersXMLForbidsAreShownEscaped() throws {
        let name = "\u{1B}[31mloss\u{0}"
        var chart = LineChart(title: name, xLabel: "epoch", yLabel: "tab\there")
        chart.add(name, x: [0, 1], y: [0, 1])
        let svg = try SVGInspector(chart.svg)
        #expect(svg.texts().filter { $0 == "\\u{1B}[31mloss\\u{0}" }.count == 2)   // title and legend entry
        #expect(svg.texts().contains("tab\there"))
        #expect(SVGCanvas.escaped("a\u{8}b\u{FFFF}") == "a\\u{8}b\\u{FFFF}")
    }

    @Test func documentIsStandaloneSVGWithSizeAndViewBox() throws {
        let chart = LineChart(width: 300, height: 200)
        let text = chart.svg
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        let svg = try SVGInspector(text)
        #expect(svg.root.attribute("width") == "300" && svg.root.attribute("height") == "200")
        #expect(svg.root.attribute("viewBox") == "0 0 300 200")
        #expect(svg.root.attribute("version") == "1.1")
    }

    @Test func coordinatesHaveAtMostTwoDecimals() {
        #expect([12.5, 3, -0.25, 1.005_1, 2.0 / 3, -0.001].map(SVGCanvas.number) == ["12.5", "3", "-0.25", "1.01", "0.67", "0"])
    }

    @Test func linearTicksAreOneTwoFiveStepsCoveringTheData() {
        let unit = Axis.linear(covering: 0.13...0.87)
        #expect(unit.lower == 0 && unit.upper == 1)
        #expect(unit.ticks.map(unit.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let wide = Axis.linear(covering: 3...97)
        #expect(wide.ticks.map(wide.label) == ["0", "20", "40", "60", "80", "100"])
        let exact = Axis.linear(covering: -1.2...1.2, exact: true)
        #expect(exact.lower == -1.2 && exact.upper == 1.2 && exact.ticks.map(exact.label) == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        let epochs = Axis.linear(covering: 1...3, integerSteps: true)
        #expect(epochs.ticks.map(epochs.label) == ["1", "2", "3"])
        let flat = Axis.linear(covering: 5...5)
        #expect(flat.lower < 5 && flat.upper > 5)
    }

    @Test func logarithmicTicksArePowersOfTenWithTwoAndFiveOnShortRanges() {
        let short = Axis.logarithmic(covering: 0.02...0.6)
        #expect(short.ticks.map(short.label) == ["0.02", "0.05", "0.1", "0.2", "0.5", "1"])
        let long = Axis.logarithmic(covering: 0.003...900)
        #expect(long.ticks.map(long.label) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"])
        #expect(long.fraction(1) == 0.5 && long.fraction(0) == nil)
        let tiny = Axis.logarithmic(covering: 1e-7...1e-5)
        #expect(tiny.ticks.map(tiny.label) == ["1e-7", "2e-7", "5e-7", "1e-6", "2e-6", "5e-6", "1e-5"])
        let point = Axis.logarithmic(covering: 0.5...0.5)
        #expect(point.ticks.map(point.label) == ["0.5", "1"])
    }

    @Test func writeIsAtomicAndNamesThePathOnFailure() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-plot-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = LineChart(title: "saved")
        let url = directory.appendingPathComponent("chart.svg")
        try chart.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == chart.svg)

        let missing = directory.appendingPathComponent("no/such/dir/chart.svg")
        let error = try #require(throws: DendriteError.self) { try Plot.write("<svg/>", to: missing) }
        #expect(error.kind == .invalidFile && error.message.contains(missing.path))
    }
}
