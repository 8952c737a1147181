import Foundation
import Testing
@testable import DendriteData

/// Issue 13's bad inputs for the data readers: each is refused with a message that says what is
/// wrong and where, never a trap, a raw control byte or megabytes of echoed input.
@Suite struct BadDataInputTests {
    /// The message `body` throws.
    static func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
    }

    @Test func csvFilesThatOnceCrashedOrMisledAreRefusedSayingWhere() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.path
        func read(_ name: String, _ contents: String, target: String = "label") -> String {
            Self.message { try CSV.read(directory.file(name, contents), target: target) }
        }
        let long = String(repeating: "7", count: 60) + String(repeating: "x", count: 1_000_000)
        let table: [(String, String)] = [
            (read("inf.csv", "x,label\n1,0\n2,-inf\n"), "CSV file '\(path)/inf.csv', row 2 (line 3), column 'label': the target '-inf' is not a finite Float"),
            (read("huge.csv", "x,label\n1,3e38\n2,4e38\n"), "CSV file '\(path)/huge.csv', row 2 (line 3), column 'label': the target '4e38' is not a finite Float"),
            (read("long.csv", "x,label\n\(long),0\n"), "CSV file '\(path)/long.csv', row 1 (line 2), column 'x': '\(String(repeating: "7", count: 60))…' is not a number"),
            (read("tab.csv", "x,label\n1\u{7},0\n"), "CSV file '\(path)/tab.csv', row 1 (line 2), column 'x': '1\\u{7}' is not a number"),
            (read("columns.csv", (0..<30).map { "c\($0)" }.joined(separator: ",") + "\n", target: "label"),
             "CSV file '\(path)/columns.csv': no column named 'label'; the columns are: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, … (30 columns)"),
            (read("quote.csv", "x,label\n\"1\"\u{1B},0\n"), "CSV file '\(path)/quote.csv', row 1 (line 2): unexpected '\\u{1B}' after a closing quote; expected the delimiter or a line break (write a quote inside a quoted field as \"\")"),
        ]
        for (actual, expected) in table { #expect(actual == expected) }

        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("folder.csv"), withIntermediateDirectories: true)
        #expect(Self.message { try CSV.read(directory.url.appendingPathComponent("folder.csv"), target: "label") }
                == "CSV file '\(path)/folder.csv' is a directory")
        try FileManager.default.createSymbolicLink(atPath: "\(path)/loop.csv", withDestinationPath: "loop.csv")
        #expect(Self.message { try CSV.read(directory.url.appendingPathComponent("loop.csv"), target: "label") }
                == "CSV file '\(path)/loop.csv' is a loop of symbolic links")
    }

    @Test func aByteOrderMarkIsDroppedAndBytesThatAreNotUTF8AreEscaped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bom = directory.url.appendingPathComponent("bom.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("x,label\n1,0\n2,1\n".utf8)).write(to: bom)
        let data = try CSV.read(bom, target: "label")
        #expect(data.featureNames == ["x"])
        let latin = directory.url.appendingPathComponent("latin.csv")
        try Data(Array("gr".utf8) + [0xF6, 0xDF] + Array("e,label\n1,0\n".utf8)).write(to: latin)
        #expect(try CSV.read(latin, target: "label").featureNames == ["gr\\xF6\\xDFe"])
    }

    @Test func idxHeadersAndGzipStreamsThatAskForTooMuchAreRefused() throws {
        // Three dimensions of 2³² − 1: the product overflows Int.
        let header: [UInt8] = [0, 0, 0x08, 3] + Array(repeating: 0xFF, count: 12)
        #expect(Self.message { try IDX.decode(header, source: "big.idx") }
                == "IDX file 'big.idx': dimensions [4294967295, 4294967295, 4294967295] describe more elements than any file can hold; the header is damaged")
        // A 64 KiB run of zeros compresses to a few hundred bytes; a 1000-byte cap refuses it.
        let zeros = try IDXTests.systemGzip([UInt8](repeating: 0, count: 65_536), in: TemporaryDirectory())
        var inflater = Inflater(zeros, start: 10, maximumSize: 1_000)
        #expect(throws: Inflater.Failure.tooLarge) { try inflater.run() }
    }

    @Test func mnistLabelsThatAreNotClassIdsAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let images = directory.url.appendingPathComponent("images.idx"), labels = directory.url.appendingPathComponent("labels.idx")
        try IDX.write(Tensor.zeros([3, 2, 2]), dataType: .unsignedByte, to: images)
        for (values, shown) in [([0, 1e30, 2] as [Float], "1e+30"), ([0, 0.5, 1], "0.5"), ([0, 1, -3], "-3.0")] {
            try IDX.write(Tensor(values), dataType: .float, to: labels)
            let index = values.firstIndex { $0 != $0.rounded() || $0 < 0 || $0 > 65_535 } ?? 0
            #expect(Self.message { try Datasets.mnist(imagesURL: images, labelsURL: labels) }
                    == "mnist: label \(shown) at index \(index) in '\(labels.path)' is not a class id (a whole number from 0 to 65535)")
        }
    }

    @Test func aScalerThatOverflowsIsBlamedInsteadOfTheFeatures() throws {
        let scaler = try StandardScaler().fit(Tensor([[0, 1], [0, 2]]))
        #expect(Self.message { try scaler.transform(Tensor([[0, 3e38]])) }
                == "StandardScaler: transform turns the finite value 3e+38 (sample 0, feature 1) into inf with the fitted mean 1.5, scale 0.5; the value is far outside the range the scaler was fitted on")
        let minMax = try MinMaxScaler().fit(Tensor([[0], [1e-3]]))
        #expect(Self.message { try minMax.transform(Tensor([[3e38]])) }
                == "MinMaxScaler: transform turns the finite value 3e+38 (sample 0, feature 0) into inf with the fitted minimum 0.0, range 0.001; the value is far outside the range the scaler was fitted on")
    }

    @Test func batchSizesNearIntMaxGiveOneBatch() throws {
        let features = Tensor(shape: [5, 1], scalars: [1, 2, 3, 4, 5])
        var batches = try BatchIterator(features: features, labels: Tensor([0, 1, 0, 1, 0]), batchSize: .max, shuffle: false)
        #expect(batches.batchCount == 1)
        #expect(batches.next()?.features == features)
        #expect(batches.next() == nil)
        let dropping = try BatchIterator(features: features, labels: Tensor([0, 1, 0, 1, 0]), batchSize: .max, dropRemainder: true)
        #expect(dropping.batchCount == 0)
    }
}
