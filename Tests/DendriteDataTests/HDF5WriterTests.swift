import Foundation
import Testing
@testable import DendriteData

/// HDF5Writer's files read back by the Swift reader and by h5py (Scripts/fixtures/check_hdf5_writer.py),
/// and a Keras 3 weights file written in Swift loaded by Keras itself.
@Suite struct HDF5WriterTests {
    /// A file with every feature the writer has: nested and empty groups, a group of `members`
    /// datasets (over 256 need a two-level B-tree), float32/float64/int64/uint32 datasets of
    /// several shapes including a scalar and zero-size ones, and string, integer and float attributes.
    static func sample(members: Int = 20) throws -> HDF5Writer {
        var writer = HDF5Writer()
        try writer.createDataset("layers/dense/vars/0", shape: [3, 4], values: (0..<12).map { Float($0) * 0.5 - 2 })
        try writer.createDataset("layers/dense/vars/1", shape: [4], values: [0.25, -0.125, 1e-7, 3e38])
        try writer.setAttribute("name", .string("dense"), on: "layers/dense/vars")
        try writer.createDataset("scalars/float", shape: [], values: [Float(2.5)])
        try writer.createDataset("scalars/double", shape: [], values: [Double.pi])
        try writer.createDataset("empty/rows", shape: [0, 4], values: [Float]())
        try writer.createDataset("empty/middle", shape: [3, 0, 2], values: [Double]())
        try writer.createDataset("integers/int64", shape: [2, 2], values: [Int.min, -1, 0, Int.max])
        try writer.createDataset("integers/uint32", shape: [3], values: [0, 7, 4_294_967_295], type: .integer(size: 4, signed: false, bigEndian: false))
        try writer.createGroup("empty/group")
        for index in 0..<members { try writer.createDataset("many/w\(index * 37 % members)", shape: [1], values: [Float(index)]) }
        try writer.setAttribute("keras_version", .string("3.15.1"))
        try writer.setAttribute("unicode", .string("naïve – ünïcödé ✓"))
        try writer.setAttribute("empty_text", .string(""))
        try writer.setAttribute("layer_names", .strings(["dense", "dense_1", "batch_normalization"], shape: [3]), on: "layers",
                                strings: .fixedLength)
        try writer.setAttribute("grid", .strings(["a", "bb", "", "dddd"], shape: [2, 2]), on: "layers")
        try writer.setAttribute("count", .integers([42], shape: []), on: "layers/dense")
        try writer.setAttribute("sizes", .integers([1, -2, 3], shape: [3]), on: "layers/dense")
        try writer.setAttribute("rate", .floats([0.001], shape: []), on: "layers/dense/vars/0")
        try writer.setAttribute("pair", .floats([1.5, -2.5], shape: [1, 2]), on: "layers/dense/vars/0")
        try writer.setAttribute("bytes", .string("fixed"), on: "scalars", strings: .fixedLength)
        return writer
    }

    @Test func theReaderReadsBackEverythingTheWriterWrote() throws {
        let file = try HDF5File(bytes: try Self.sample(members: 300).bytes(), source: "sample")
        let root = file.root
        #expect(file.superblockVersion == 0)
        #expect(root.children == ["empty", "integers", "layers", "many", "scalars"])
        #expect(root.attribute(named: "keras_version")?.value == .string("3.15.1"))
        #expect(root.attribute(named: "unicode")?.value == .string("naïve – ünïcödé ✓"))
        #expect(root.attribute(named: "empty_text")?.value == .string(""))
        let kernel = try root.dataset(at: "layers/dense/vars/0")
        #expect(kernel.shape == [3, 4] && kernel.dataType == .float(size: 4, bigEndian: false, exponentBits: 8, mantissaBits: 23))
        #expect(try kernel.floats() == (0..<12).map { Float($0) * 0.5 - 2 })
        #expect(kernel.attribute(named: "rate")?.value == .floats([0.001], shape: []))
        #expect(kernel.attribute(named: "pair")?.value == .floats([1.5, -2.5], shape: [1, 2]))
        #expect(try root.dataset(at: "layers/dense/vars/1").floats() == [0.25, -0.125, 1e-7, 3e38])
        #expect(try root.group(at: "layers/dense/vars").attribute(named: "name")?.value.string == "dense")
        #expect(try root.dataset(at: "scalars/float").shape == [] && root.dataset(at: "scalars/float").floats() == [2.5])
        #expect(try root.dataset(at: "scalars/double").doubles() == [Double.pi])
        #expect(try root.dataset(at: "empty/rows").shape == [0, 4] && root.dataset(at: "empty/rows").floats() == [])
        #expect(try root.dataset(at: "empty/middle").shape == [3, 0, 2])
        #expect(try root.group(at: "empty/group").children == [])
        #expect(try root.dataset(at: "integers/int64").integers() == [Int.min, -1, 0, Int.max])
        #expect(try root.dataset(at: "integers/uint32").integers() == [0, 7, 4_294_967_295])
        let many = try root.group(at: "many")
        #expect(many.children == (0..<300).map { "w\($0)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(try many.dataset(named: "w37").floats() == [1])
        let layers = try root.group(named: "layers")
        #expect(layers.attribute(named: "layer_names")?.value == .strings(["dense", "dense_1", "batch_normalization"], shape: [3]))
        #expect(layers.attribute(named: "layer_names")?.dataType == .fixedLengthString(length: 19, spacePadded: false, utf8: false))
        #expect(layers.attribute(named: "grid")?.value == .strings(["a", "bb", "", "dddd"], shape: [2, 2]))
        #expect(try root.group(at: "layers/dense").attribute(named: "count")?.value == .integers([42], shape: []))
        #expect(try root.group(at: "layers/dense").attribute(named: "sizes")?.value == .integers([1, -2, 3], shape: [3]))
    }

    @Test func badWritesAreRefusedSayingWhy() throws {
        var writer = HDF5Writer()
        try writer.createDataset("a/b", shape: [2], values: [Float(1), 2])
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
        }
        #expect(message { try writer.createDataset("a/c", shape: [2, 2], values: [Float(1)]) }
                == "HDF5Writer: dataset 'a/c' has shape [2, 2] but 1 values")
        #expect(message { try writer.createDataset("a/b", shape: [1], values: [Float(1)]) } == "HDF5Writer: 'a/b' exists already")
        #expect(message { try writer.createDataset("a/b/c", shape: [1], values: [Float(1)]) } == "HDF5Writer: '/a/b' is a dataset, not a group")
        #expect(message { try writer.setAttribute("x", .string("y"), on: "missing") } == "HDF5Writer: there is no group or dataset '/missing'")
        #expect(message { try writer.createDataset("i", shape: [1], values: [300], type: .integer(size: 1, signed: false, bigEndian: false)) }
                == "HDF5Writer: value 300 at index 0 of 'i' does not fit uint8")
        #expect(message { try writer.setAttribute("s", .strings(["a"], shape: [2])) } == "HDF5Writer: attribute 's' has shape [2] but 1 values")
        try writer.setAttribute("big", .string(String(repeating: "x", count: 70_000)), strings: .fixedLength)
        #expect(message { _ = try writer.bytes() }.hasPrefix("HDF5Writer: attribute 'big' of '/' needs 70032 bytes"))
    }

    /// The writer's sample as h5py read it when this test last ran with Python (committed, so the
    /// check holds without Python): the committed file must be what the writer writes today.
    @Test func h5pyReadTheCommittedWriterOutputAsWritten() throws {
        let committed = try [UInt8](Data(contentsOf: HDF5ReaderTests.fixture("written_by_dendrite.h5")))
        #expect(try Self.sample().bytes() == committed, "the writer's output changed: rerun HDF5WriterTests with python3 and h5py, DENDRITE_UPDATE_FIXTURES=1")
        let report = try JSONDecoder().decode(HDF5ReaderTests.Expected.File.self,
                                              from: Data(contentsOf: HDF5ReaderTests.fixture("written_by_dendrite.h5py.json")))
        try Self.compare(report, with: HDF5File(bytes: committed, source: "committed"))
    }

    static let hasPython: Bool = run(["python3", "-c", "import h5py, numpy"]) != nil
    static let hasKeras: Bool = run(["python3", "-c", "import os; os.environ['KERAS_BACKEND']='torch'; import keras"]) != nil

    /// h5py reads the sample with 300 members (a two-level B-tree) as written. With
    /// DENDRITE_UPDATE_FIXTURES=1 the committed 20-member sample and h5py's report are rewritten.
    @Test(.enabled(if: HDF5WriterTests.hasPython, "needs python3 with h5py and numpy"))
    func h5pyReadsTheWriterOutputAsWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let update = ProcessInfo.processInfo.environment["DENDRITE_UPDATE_FIXTURES"] == "1"
        for members in update ? [300, 20] : [300] {
            let file = directory.url.appendingPathComponent("written_by_dendrite.h5")
            try Self.sample(members: members).write(to: file)
            let printed = try #require(Self.run(["python3", Self.script.path, file.path]), "check_hdf5_writer.py failed")
            let report = try JSONDecoder().decode(HDF5ReaderTests.Expected.File.self, from: Self.withSuperblock(printed))
            try Self.compare(report, with: HDF5File(contentsOf: file), members: members)
            if members == 20 {
                let fixtures = Self.script.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("Tests/DendriteDataTests/Fixtures/hdf5")
                try Data(contentsOf: file).write(to: fixtures.appendingPathComponent("written_by_dendrite.h5"))
                try Self.withSuperblock(printed).write(to: fixtures.appendingPathComponent("written_by_dendrite.h5py.json"))
            }
        }
    }

    @Test(.enabled(if: HDF5WriterTests.hasKeras, "needs python3 with keras"))
    func kerasLoadsAWeightsFileWrittenInSwift() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Keras 3's layout for Sequential([Input((3,)), Dense(4), Dense(2)]).
        let weights: [(path: String, shape: [Int])] = [("layers/dense/vars/0", [3, 4]), ("layers/dense/vars/1", [4]),
                                                        ("layers/dense_1/vars/0", [4, 2]), ("layers/dense_1/vars/1", [2])]
        var writer = HDF5Writer()
        for (index, weight) in weights.enumerated() {
            let count = weight.shape.reduce(1, *)
            try writer.createDataset(weight.path, shape: weight.shape, values: (0..<count).map { Float(index * 100 + $0) / 8 })
        }
        for layer in ["dense", "dense_1"] { try writer.setAttribute("name", .string(layer), on: "layers/\(layer)/vars") }
        try writer.createGroup("vars")
        try writer.setAttribute("name", .string("sequential"), on: "vars")
        let file = directory.url.appendingPathComponent("model.weights.h5")
        try writer.write(to: file)
        let printed = try #require(Self.run(["python3", Self.script.path, file.path, "--keras"]), "Keras could not load the file")
        struct Report: Decodable { struct Weight: Decodable { let shape: [Int]; let values: [Float] }; let keras_weights: [Weight] }
        let loaded = try JSONDecoder().decode(Report.self, from: printed).keras_weights
        #expect(loaded.map(\.shape) == weights.map(\.shape))
        for (index, weight) in loaded.enumerated() {
            #expect(weight.values == (0..<weight.values.count).map { Float(index * 100 + $0) / 8 })
        }
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/fixtures/check_hdf5_writer.py")
    }

    /// The report with `"superblock": 0` added, the shape of expected.json's file entries.
    static func withSuperblock(_ report: Data) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
        object["superblock"] = 0
        object["keras_weights"] = nil
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Compares h5py's view of a written file with the Swift reader's, object by object.
    static func compare(_ report: HDF5ReaderTests.Expected.File, with file: HDF5File, members: Int = 20) throws {
        #expect(report.objects.count == 17 + members)
        for (path, expected) in report.objects {
            let object = try file.root.object(at: path)
            try HDF5ReaderTests.compareAttributes(object.attributes, expected.attributes, at: path)
            switch object {
            case .group(let group): #expect(group.children == expected.children, "\(path)")
            case .dataset(let dataset):
                #expect(dataset.shape == expected.shape, "\(path)")
                #expect(HDF5ReaderTests.matches(dataset.dataType, expected.dtype ?? "?"), "\(path)")
                if expected.dtype?.dropFirst().first == "f" {
                    #expect(try dataset.doubles() == expected.values?.doubles, "\(path)")
                } else {
                    #expect(try dataset.integers() == expected.values?.integers, "\(path)")
                }
            }
        }
    }

    /// The standard output of a command that succeeds, else nil.
    static func run(_ arguments: [String]) -> Data? {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}
