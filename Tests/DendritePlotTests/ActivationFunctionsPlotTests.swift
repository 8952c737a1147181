import Testing
@testable import Dendrite
@testable import DendritePlot

@Suite struct ActivationFunctionsPlotTests {
    @Test func drawsEachFunctionAndItsAutodiffDerivativeInTheSameColour() throws {
        let svg = try SVGInspector(try Plot.activationFunctions([.relu, .sigmoid], range: -2...2, samples: 9))
        let panels = svg.groups("subplot")
        #expect(panels.count == 2)
        #expect(svg.texts(in: panels[0]).contains("Activation functions") && svg.texts(in: panels[1]).contains("Derivatives"))
        #expect(svg.texts(in: panels[1]).contains("f′(x)"))
        let values = svg.all("path", in: panels[0]), derivatives = svg.all("path", in: panels[1])
        #expect(values.compactMap { $0.attribute("data-series") } == ["relu", "sigmoid"])
        #expect(derivatives.map { $0.attribute("stroke") } == values.map { $0.attribute("stroke") })
        for path in values + derivatives { #expect(SVGInspector.points(path.attribute("d") ?? "").points.count == 9) }

        // relu′ is 0 left of 0 and 1 right of it: two pixel heights, the right one higher (smaller y).
        let reluSlope = SVGInspector.points(derivatives[0].attribute("d") ?? "").points.map(\.y)
        #expect(Set(reluSlope.prefix(4)).count == 1 && Set(reluSlope.suffix(4)).count == 1)
        #expect(reluSlope[8] < reluSlope[0])
        // σ′ peaks at x = 0 (the middle sample) and is symmetric.
        let sigmoidSlope = SVGInspector.points(derivatives[1].attribute("d") ?? "").points.map(\.y)
        #expect(sigmoidSlope.min() == sigmoidSlope[4] && abs(sigmoidSlope[0] - sigmoidSlope[8]) < 0.02)
    }

    @Test func withoutDerivativesDrawsOneChart() throws {
        let svg = try SVGInspector(try Plot.activationFunctions([.tanh, .leakyRelu(slope: 0.1), .leakyRelu(slope: 0.3)],
                                                               includeDerivatives: false))
        #expect(svg.groups("subplot").isEmpty)
        #expect(svg.all("path").compactMap { $0.attribute("data-series") }
                == ["tanh", "leaky_relu(slope: 0.1)", "leaky_relu(slope: 0.3)"])
        #expect(svg.texts(in: svg.groups("x-ticks")[0]) == ["-4", "-2", "0", "2", "4"])
    }

    @Test func rejectsSoftmaxAndEmptyInput() {
        #expect(throws: DendriteError.self) { try Plot.activationFunctions([.softmax]) }
        #expect(throws: DendriteError.self) { try Plot.activationFunctions([]) }
        #expect(throws: DendriteError.self) { try Plot.activationFunctions([.relu], range: 1...1) }
    }
}
