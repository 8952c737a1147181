import Testing
@testable import Dendrite
@testable import DendritePlot

@Suite struct ConfusionMatrixPlotTests {
    /// Four classes, class 2 never a target: the case of the library's ConfusionMatrix tests.
    static let targets = [0, 0, 0, 0, 1, 1, 1, 3, 3, 3, 1, 0, 1]
    static let predictions = [0, 0, 1, 2, 1, 1, 0, 1, 0, 1, 1, 0, 1]

    @Test func writesEachCountInItsCellWithClassNamesOnTheAxes() throws {
        let matrix = try ConfusionMatrix(predictions: Self.predictions, targets: Self.targets)
        let names = ["cat", "dog", "bird & fish", "<other>"]
        let svg = try SVGInspector(try Plot.confusionMatrix(matrix, classNames: names))
        let cells = try #require(svg.groups("cells").first)
        let rects = svg.all("rect", in: cells), numbers = svg.texts(in: cells)
        #expect(rects.count == 16 && numbers.count == 16)
        for (index, rect) in rects.enumerated() {
            let (row, column) = (Int(rect.attribute("data-row") ?? "") ?? -1, Int(rect.attribute("data-column") ?? "") ?? -1)
            #expect(numbers[index] == String(matrix.counts[row][column]))
        }
        #expect(numbers == matrix.counts.joined().map(String.init))
        // Darkest cell holds the largest count (4), white cells the zeros.
        #expect(rects[5].attribute("fill") == Palette.sequential(1) && rects[3].attribute("fill") == Palette.sequential(0))
        #expect(svg.texts(in: svg.groups("row-labels")[0]) == names)
        #expect(svg.texts(in: svg.groups("column-labels")[0]) == names)
        let texts = svg.texts()
        #expect(texts.contains("Predicted") && texts.contains("True") && texts.contains("Confusion matrix"))
    }

    @Test func rejectsTheWrongNumberOfClassNames() throws {
        let matrix = try ConfusionMatrix(predictions: [0, 1], targets: [1, 1])
        let error = try #require(throws: DendriteError.self) { try Plot.confusionMatrix(matrix, classNames: ["a"]) }
        #expect(error.message.contains("1 class names for 2 classes"))
    }
}
