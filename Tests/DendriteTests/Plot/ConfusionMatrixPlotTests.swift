import Testing
@testable import Dendrite

@Suite struct ConfusionMatrixPlotTests {
    @Test func writesEachCountInItsCellWithClassNamesOnTheAxes() throws {
        let matrix = try ConfusionMatrix(predictions: ConfusionMatrixTests.predictions, targets: ConfusionMatrixTests.targets)
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
