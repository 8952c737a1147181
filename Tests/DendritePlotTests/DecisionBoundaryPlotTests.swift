import Testing
@testable import Dendrite
@testable import DendritePlot

@Suite struct DecisionBoundaryPlotTests {
    /// Four corners of the square [−1, 1]², labelled by the side of x₀ = 0 they are on.
    static let corners = Tensor([[-1, -1], [1, -1], [-1, 1], [1, 1]])
    static let sides = Tensor([0, 1, 0, 1])

    /// σ(x₀): class 1 exactly where x₀ > 0.
    static func signOfFirstFeature() throws -> Sequential {
        let model = Sequential(name: "sign") { Dense(1, activation: .sigmoid, inputShape: [2]) }
        try model.build(inputShape: [2])
        model.weights = [Tensor([[1], [0]]), Tensor([0])]
        return model
    }

    /// The pixel rectangle of the plot (the clip path's rectangle) and the fill of the region
    /// rectangle under each cell centre of a `resolution²` grid, row 0 at the bottom.
    static func regionFills(_ svg: SVGInspector, resolution: Int) throws -> [[String?]] {
        let clip = try #require(svg.all("clipPath").first)
        let plot = try #require(svg.all("rect", in: clip).first)
        let (x, y, width, height) = (plot.number("x"), plot.number("y"), plot.number("width"), plot.number("height"))
        let regions = try #require(svg.groups("regions").first)
        let rects = svg.all("rect", in: regions)
        return (0..<resolution).map { row in
            (0..<resolution).map { column in
                let px = x + (Double(column) + 0.5) / Double(resolution) * width
                let py = y + height - (Double(row) + 0.5) / Double(resolution) * height
                return rects.last { r in
                    px >= r.number("x") && px <= r.number("x") + r.number("width")
                        && py >= r.number("y") && py <= r.number("y") + r.number("height")
                }?.attribute("fill")
            }
        }
    }

    @Test func regionsFollowTheBoundaryOfAKnownModel() throws {
        let svg = try SVGInspector(try Plot.decisionBoundary(model: Self.signOfFirstFeature(), features: Self.corners,
                                                             labels: Self.sides, resolution: 10))
        // Cell centres run from −1.08 to 1.08 in steps of 0.24: columns 5… are right of x₀ = 0.
        for row in try Self.regionFills(svg, resolution: 10) {
            #expect(row == (0..<10).map { Palette.tint($0 >= 5 ? 1 : 0) })
        }
        let dots = try #require(svg.groups("points").first)
        let points = svg.all("circle", in: dots)
        #expect(points.map { $0.attribute("fill") } == [Palette.color(0), Palette.color(0), Palette.color(1), Palette.color(1)])
        #expect(svg.texts(in: svg.groups("legend")[0]) == ["class 0", "class 1"])
        #expect(svg.texts(in: svg.groups("x-ticks")[0]) == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    }

    @Test func multiClassRegionsAreTheArgmaxOfThePredictions() throws {
        // Scores (x₀, x₁, 0.3): class 2 wins where both features are below 0.3.
        let model = Sequential(name: "three") { Dense(3, inputShape: [2]) }
        try model.build(inputShape: [2])
        model.weights = [Tensor([[1, 0, 0], [0, 1, 0]]), Tensor([0, 0, 0.3])]
        let features = Tensor([[-2, -1], [2, 0], [0, 3]])
        let svg = try SVGInspector(try Plot.decisionBoundary(model: model, features: features, labels: Tensor([2, 0, 1]),
                                                             resolution: 12, classNames: ["east", "north", "south-west"],
                                                             featureNames: ["x₀", "x₁"]))
        let fills = try Self.regionFills(svg, resolution: 12)
        // x from −2.4 to 2.4 and y from −1.4 to 3.4 (data ± 10 %), cells of 0.4.
        for row in 0..<12 {
            for column in 0..<12 {
                let (x, y) = (-2.4 + 0.4 * (Double(column) + 0.5), -1.4 + 0.4 * (Double(row) + 0.5))
                let expected = [x, y, 0.3].indices.max { [x, y, 0.3][$0] < [x, y, 0.3][$1] }!
                #expect(fills[row][column] == Palette.tint(expected), "cell (\(x), \(y))")
            }
        }
        #expect(Set(fills.joined()).count == 3)
        let texts = svg.texts()
        #expect(texts.contains("x₀") && texts.contains("x₁") && texts.contains("Decision regions of three"))
        #expect(svg.texts(in: svg.groups("legend")[0]) == ["east", "north", "south-west"])
    }

    @Test func rejectsShapesThatAreNotTwoFeatures() throws {
        let model = Sequential(name: "wide") { Dense(1, activation: .sigmoid, inputShape: [3]) }
        let wrongModel = try #require(throws: DendriteError.self) {
            try Plot.decisionBoundary(model: model, features: Self.corners, labels: Self.sides)
        }
        #expect(wrongModel.kind == .shapeMismatch && wrongModel.message.contains("[3]") && wrongModel.message.contains("[2]"))
        let wrongFeatures = try #require(throws: DendriteError.self) {
            try Plot.decisionBoundary(model: Self.signOfFirstFeature(), features: Tensor([[1, 2, 3]]), labels: Tensor([1]))
        }
        #expect(wrongFeatures.message.contains("[1, 3]"))
        let wrongLabels = try #require(throws: DendriteError.self) {
            try Plot.decisionBoundary(model: Self.signOfFirstFeature(), features: Self.corners, labels: Tensor([0, 1]))
        }
        #expect(wrongLabels.message.contains("[2]"))
        #expect(throws: DendriteError.self) {
            try Plot.decisionBoundary(model: Self.signOfFirstFeature(), features: Self.corners, labels: Tensor([0, 0.5, 1, 1]))
        }
    }
}
