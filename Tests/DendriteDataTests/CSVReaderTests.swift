import Foundation
import Testing
@testable import DendriteData

/// A temporary directory removed when the value is dropped by `defer`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ contents: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(contents.utf8).write(to: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

@Suite struct CSVReaderTests {
    @Test func readsNumericFeaturesAndTextClassesSortedByName() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file("flowers.csv", """
            length,width,species
            5.1, 3.5,setosa
            7.0,3.2,versicolor
            -1.5e2,0.25,setosa
            6.3,3.3,"virginica"

            """)
        let data = try CSV.read(file, target: "species")
        #expect(data.name == "flowers")
        #expect(data.features == Tensor([[5.1, 3.5], [7.0, 3.2], [-150, 0.25], [6.3, 3.3]]))
        #expect(data.labels.scalars == [0, 1, 0, 2])
        #expect(data.featureNames == ["length", "width"])
        #expect(data.classNames == ["setosa", "versicolor", "virginica"])
    }

    @Test func numericTargetInTheMiddleIsKeptAsNumbers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file("house.csv", "rooms,price,age\n3,250.5,10\n4,310,2\n")
        let data = try CSV.read(file, target: "price")
        #expect(data.features == Tensor([[3, 10], [4, 2]]))
        #expect(data.labels.scalars == [250.5, 310])
        #expect(data.featureNames == ["rooms", "age"])
        #expect(data.classNames.isEmpty)
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = "\"x, first\",\"say \"\"hi\"\"\",label\r\n\"1.5\",2,\"a, b\"\r\n3,\"4\",\"two\r\nlines\"\r\n5,6,\"say \"\"x\"\"\"\r\n"
        let data = try CSV.read(try directory.file("quoted.csv", text), target: "label")
        #expect(data.featureNames == ["x, first", "say \"hi\""])
        #expect(data.features == Tensor([[1.5, 2], [3, 4], [5, 6]]))
        #expect(data.classNames == ["a, b", "say \"x\"", "two\r\nlines"])
        #expect(data.labels.scalars == [0, 2, 1])
    }

    @Test func semicolonDelimiterAndFinalLineWithoutBreak() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try CSV.read(try directory.file("semi.csv", "a;b\n1.5;0\n2;1"), target: "b", delimiter: ";")
        #expect(data.features.scalars == [1.5, 2] && data.labels.scalars == [0, 1])
        let comma = try directory.file("comma.csv", "a;b\n1,5;0\n")
        let error = try #require(throws: DendriteError.self) { try CSV.read(comma, target: "b", delimiter: ";") }
        #expect(error.message == "CSV file '\(comma.path)', row 1 (line 2), column 'a': '1,5' is not a number")
    }

    @Test func tokenizerGivesTheSameRecordsWhateverTheChunkBoundaries() throws {
        final class Recorder: CSVRecordSink {
            var records: [[String]] = [], current: [String] = [], lines: [Int] = []
            func field(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int) throws {
                current.append(String(decoding: bytes, as: UTF8.self))
            }
            func endRecord(line: Int) throws {
                records.append(current)
                lines.append(line)
                current = []
            }
        }
        let text = Array("a,\"b\r\nc\",d\r\n\r\n\"e\"\"\",,\rf,g\n\"\",h".utf8)
        func records(chunk: Int) throws -> Recorder {
            var tokenizer = CSVTokenizer(delimiter: UInt8(ascii: ","))
            let recorder = Recorder()
            for start in stride(from: 0, to: text.count, by: chunk) {
                let piece = Array(text[start..<min(start + chunk, text.count)]) + [0]
                try piece.withUnsafeBufferPointer { try tokenizer.consume(UnsafeBufferPointer(rebasing: $0.dropLast()), into: recorder) }
            }
            try tokenizer.finish(into: recorder)
            return recorder
        }
        let whole = try records(chunk: text.count)
        #expect(whole.records == [["a", "b\r\nc", "d"], ["e\"", "", ""], ["f", "g"], ["", "h"]])
        #expect(whole.lines == [1, 4, 5, 6])
        for chunk in 1...4 { #expect(try records(chunk: chunk).records == whole.records) }
    }

    @Test func missingValuesAreFilledOrDroppedAsChosen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file("gaps.csv", "a,b,y\n1,,0\nNA,4,1\n3,8,1\n , N/A ,0\n")
        #expect(try CSV.read(file, target: "y", missingValues: .mean).features == Tensor([[1, 6], [2, 4], [3, 8], [2, 6]]))
        #expect(try CSV.read(file, target: "y", missingValues: .zero).features == Tensor([[1, 0], [0, 4], [3, 8], [0, 0]]))
        let dropped = try CSV.read(file, target: "y", missingValues: .dropRow)
        #expect(dropped.features == Tensor([[3, 8]]) && dropped.labels.scalars == [1])
    }

    @Test func missingTargetRowIsDroppedOnlyWithDropRow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file("t.csv", "a,y\n1,cat\n2,\n3,dog\n")
        let data = try CSV.read(file, target: "y", missingValues: .dropRow)
        #expect(data.features.scalars == [1, 3] && data.labels.scalars == [0, 1] && data.classNames == ["cat", "dog"])
    }

    /// Every bad input and the exact message it gives (docs/data.md lists the same table).
    @Test(arguments: [
        ("empty.csv", "", "y", MissingValues.error, "CSV file '$' is empty; expected a header line and data rows"),
        ("header.csv", "a,b,y\n", "y", .error, "CSV file '$' has a header but no data rows"),
        ("target.csv", "a,b,label\n1,2,3\n", "y", .error, "CSV file '$': no column named 'y'; the columns are: a, b, label"),
        ("twice.csv", "y,a,y\n1,2,3\n", "y", .error, "CSV file '$': 2 columns are named 'y' (columns 1, 3); the target must be unique"),
        ("only.csv", "y\n1\n", "y", .error, "CSV file '$': the only column is the target 'y'; expected at least one feature column"),
        ("text.csv", "a,b,y\n1,2,0\n3,abc,1\n", "y", .error, "CSV file '$', row 2 (line 3), column 'b': 'abc' is not a number"),
        ("inf.csv", "a,y\n1e60,0\n", "y", .error, "CSV file '$', row 1 (line 2), column 'a': '1e60' is not a finite Float"),
        ("short.csv", "a,b,y\n1,2,0\n3,1\n", "y", .error, "CSV file '$', row 2 (line 3): 2 fields, expected 3 as in the header"),
        ("long.csv", "a,b,y\n1,2,0,9\n", "y", .error, "CSV file '$', row 1 (line 2): 4 fields, expected 3 as in the header"),
        ("gap.csv", "a,b,y\n1,,0\n", "y", .error, "CSV file '$', row 1 (line 2), column 'b': missing value (an empty cell); pass missingValues: .mean, .zero or .dropRow to fill or skip it"),
        ("na.csv", "a,b,y\n1,2,0\nNA,2,0\n", "y", .error, "CSV file '$', row 2 (line 3), column 'a': missing value ('NA'); pass missingValues: .mean, .zero or .dropRow to fill or skip it"),
        ("notarget.csv", "a,y\n1,NA\n", "y", .mean, "CSV file '$', row 1 (line 2), column 'y': the target is missing; only missingValues: .dropRow skips such rows"),
        ("allgone.csv", "a,y\nNA,1\n", "y", .dropRow, "CSV file '$': all 1 data rows have missing values and were dropped"),
        ("nomean.csv", "a,b,y\n1,,0\n2,NA,1\n", "y", .mean, "CSV file '$', column 'b': every value is missing, so there is no mean to fill in"),
        ("open.csv", "a,y\n1,0\n2,\"cat\n", "y", .error, "CSV file '$', row 2 (line 3): a quoted field is not closed before the end of the file"),
        ("after.csv", "a,y\n1,\"cat\"s\n", "y", .error, "CSV file '$', row 1 (line 2): unexpected 's' after a closing quote; expected the delimiter or a line break (write a quote inside a quoted field as \"\")"),
    ])
    func badInputThrowsSayingWhatAndWhere(name: String, contents: String, target: String, missing: MissingValues,
                                          expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.file(name, contents)
        let error = try #require(throws: DendriteError.self) { try CSV.read(file, target: target, missingValues: missing) }
        #expect(error.message == expected.replacingOccurrences(of: "$", with: file.path))
        #expect(error.kind == .invalidData)
    }

    @Test func missingFileThrowsNamingIt() throws {
        let file = URL(fileURLWithPath: "/nonexistent-dendrite/data.csv")
        let error = try #require(throws: DendriteError.self) { try CSV.read(file, target: "y") }
        #expect(error.message == "CSV file '/nonexistent-dendrite/data.csv' does not exist")
        #expect(error.kind == .invalidFile)
    }

    @Test func writtenCSVReadsBackExactly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = Dataset(name: "round", features: Tensor([[0.1, -2.5e-7], [3.4028235e38, 1], [1.0 / 3, 7]]),
                               labels: Tensor([1, 0, 2]), featureNames: ["x", "y, z"],
                               classNames: ["say \"a\"", "b,c", "multi\nline"])
        let file = directory.url.appendingPathComponent("round.csv")
        try original.writeCSV(to: file)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("x,\"y, z\",target\n0.1,-2.5e-07,\"b,c\"\n"))
        let back = try CSV.read(file, target: "target")
        #expect(back.features == original.features)
        #expect(back.featureNames == original.featureNames)
        #expect(back.classNames == ["b,c", "multi\nline", "say \"a\""])
        #expect(back.labels.scalars.map { back.classNames[Int($0)] } == [1, 0, 2].map { original.classNames[$0] })
    }
}
