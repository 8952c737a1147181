import Foundation
import Testing
@testable import DendriteData

@Suite struct CSVFeaturesTests {
    @Test func targetColumnIsLeftOutWhenPresentAndNotRequired() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let withTarget = try directory.file("labelled.csv", "a,species,b\n1,setosa,2\n3,virginica,4\n")
        let withoutTarget = try directory.file("new.csv", "a,b\n1,2\n3,4\n")
        for file in [withTarget, withoutTarget] {
            let read = try CSV.readFeatures(file, excluding: "species")
            #expect(read.features == Tensor([[1, 2], [3, 4]]))
            #expect(read.featureNames == ["a", "b"])
        }
        let everything = try CSV.readFeatures(withoutTarget)
        #expect(everything.features.shape == [2, 2])
    }

    @Test func errorsStillNameRowAndColumn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file("bad.csv", "a,b\n1,2\n3,x\n")
        #expect(throws: DendriteError.data("CSV file '\(file.path)', row 2 (line 3), column 'b': 'x' is not a number")) {
            try CSV.readFeatures(file)
        }
    }
}
