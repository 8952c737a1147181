import Foundation
import Testing
@testable import DendriteData

/// ZipArchive on archives written by Python's zipfile (Scripts/fixtures/make_hdf5_fixtures.py),
/// and ZipWriter's archives read back by ZipArchive, by zipfile (Scripts/fixtures/check_zip_writer.py)
/// and, as a `.keras` model, by Keras' `load_model`.
@Suite struct ZipTests {
    struct ExpectedEntry: Decodable { let size: Int; let crc32: UInt32; let text: String? }

    /// expected.json's description of one fixture archive: each entry's size, CRC-32 (from zlib) and text.
    static func expectedEntries(_ archive: String) throws -> [String: ExpectedEntry] {
        struct File: Decodable { let zip: [String: [String: ExpectedEntry]] }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: HDF5ReaderTests.fixture("expected.json")))
        return try #require(file.zip[archive])
    }

    @Test(arguments: ["stored.zip", "deflated.zip", "mixed.zip"])
    func entriesMatchWhatPythonWrote(file name: String) throws {
        let expected = try Self.expectedEntries(name)
        let archive = try ZipArchive(contentsOf: HDF5ReaderTests.fixture(name))
        #expect(archive.entries.map(\.name) == ["config.json", "metadata.json", "assets/empty.txt", "model.weights.h5"])
        let methods = archive.entries.map(\.method)
        switch name {
        case "stored.zip": #expect(methods.allSatisfy { $0 == .stored })
        case "deflated.zip": #expect(methods.allSatisfy { $0 == .deflated })
        default: #expect(Set(methods.map(\.rawValue)) == [0, 8])
        }
        for entry in archive.entries {
            let data = try archive.data(of: entry)
            let want = try #require(expected[entry.name])
            #expect(data.count == want.size && CRC32.checksum(data) == want.crc32, "\(name): \(entry.name)")
            if let text = want.text { #expect(String(decoding: data, as: UTF8.self) == text, "\(name): \(entry.name)") }
        }
        // The archive's HDF5 member is the Keras weights file itself.
        let weights = try archive.data(named: "model.weights.h5")
        #expect(weights == [UInt8](try Data(contentsOf: HDF5ReaderTests.fixture("keras3.weights.h5"))))
        #expect(try HDF5File(bytes: weights, source: "model.weights.h5").root.children == ["layers", "vars"])
    }

    @Test func zip64RecordsAndExtraFieldsAreRead() throws {
        // Python's force_zip64 puts zip64 fields in the local headers only.
        let python = try ZipArchive(contentsOf: HDF5ReaderTests.fixture("zip64.zip"))
        let expected = try Self.expectedEntries("zip64.zip")
        #expect(python.entries.map(\.name) == ["metadata.json", "config.json"])
        for entry in python.entries {
            #expect(String(decoding: try python.data(of: entry), as: UTF8.self) == expected[entry.name]?.text)
        }
        // An archive whose central directory keeps sizes and offset in a zip64 extra field and
        // whose counts are in a zip64 end record (as archives of more than 4 GiB have them).
        let archive = try ZipArchive(bytes: Self.zip64Archive(name: "weights.bin", data: Array("zip64 data".utf8)), source: "zip64")
        #expect(archive.entries.map(\.name) == ["weights.bin"] && archive.entries[0].uncompressedSize == 10)
        #expect(try archive.data(named: "weights.bin") == Array("zip64 data".utf8))
    }

    /// A one-entry stored archive in zip64 form, built field by field (APPNOTE 4.3.14, 4.3.15, 4.5.3).
    static func zip64Archive(name: String, data: [UInt8]) -> [UInt8] {
        func le(_ value: UInt64, _ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        let nameBytes = Array(name.utf8), crc = UInt64(CRC32.checksum(data)), size = UInt64(data.count)
        let common = le(45, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2) + le(crc, 4) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(nameBytes.count), 2)
        var bytes = le(0x0403_4B50, 4) + common + le(20, 2) + nameBytes + le(1, 2) + le(16, 2) + le(size, 8) + le(size, 8) + data
        let directoryOffset = UInt64(bytes.count)
        let directory = le(0x0201_4B50, 4) + le(45, 2) + common + le(28, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0xFFFF_FFFF, 4)
            + nameBytes + le(1, 2) + le(24, 2) + le(size, 8) + le(size, 8) + le(0, 8)
        bytes += directory
        let record = UInt64(bytes.count)
        bytes += le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4) + le(1, 8) + le(1, 8)
            + le(UInt64(directory.count), 8) + le(directoryOffset, 8)
        bytes += le(0x0706_4B50, 4) + le(0, 4) + le(record, 8) + le(1, 4)
        bytes += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        return bytes
    }

    static func sample() throws -> ZipWriter {
        var writer = ZipWriter(date: Date(timeIntervalSince1970: 1_796_299_200))   // 2026-12-03 12:00 UTC
        try writer.add("metadata.json", data: Array(#"{"keras_version": "3.15.1"}"#.utf8))
        try writer.add("assets/", data: [])
        try writer.add("assets/ünïcödé.txt", data: Array("text".utf8))
        try writer.add("empty.bin", data: [])
        try writer.add("numbers.bin", data: (0..<70_000).map { UInt8($0 % 251) })
        return writer
    }

    @Test func writerArchivesReadBack() throws {
        let archive = try ZipArchive(bytes: try Self.sample().bytes(), source: "sample")
        #expect(archive.entries.map(\.name) == ["metadata.json", "assets/", "assets/ünïcödé.txt", "empty.bin", "numbers.bin"])
        #expect(archive.entries.allSatisfy { $0.method == .stored })
        #expect(try archive.data(named: "assets/ünïcödé.txt") == Array("text".utf8))
        #expect(try archive.data(named: "numbers.bin") == (0..<70_000).map { UInt8($0 % 251) })
        #expect(try archive.data(named: "empty.bin") == [] && archive.entry(named: "assets/")?.isDirectory == true)
    }

    @Test func writerRefusesNamesThatLeaveTheArchiveAndDuplicates() throws {
        var writer = ZipWriter()
        try writer.add("a.txt", data: [1])
        for (name, reason) in [("../up.txt", "the name has a '..' component, which would leave the archive; refused"),
                               ("/etc/passwd", "the name is an absolute path, which would leave the archive; refused"),
                               ("C:\\x", "the name is an absolute path, which would leave the archive; refused"),
                               ("a.txt", "exists already")] {
            let message: String
            do { try writer.add(name, data: []); message = "no error" } catch let error as DendriteError { message = error.message }
            #expect(message.hasSuffix(reason), "\(name): \(message)")
        }
    }

    static let hasPython: Bool = HDF5WriterTests.run(["python3", "-c", "import zipfile, json"]) != nil

    static var script: URL { HDF5WriterTests.script.deletingLastPathComponent().appendingPathComponent("check_zip_writer.py") }

    struct Report: Decodable {
        struct Entry: Decodable { let size: Int; let crc32: UInt32; let method: Int }
        let bad_entry: String?
        let entries: [String: Entry]
        let predictions: [Float]?
    }

    @Test(.enabled(if: ZipTests.hasPython, "needs python3"))
    func pythonZipfileReadsWriterArchives() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("sample.zip")
        let writer = try Self.sample()
        try writer.write(to: file)
        let printed = try #require(HDF5WriterTests.run(["python3", Self.script.path, file.path]), "check_zip_writer.py failed")
        let report = try JSONDecoder().decode(Report.self, from: printed)
        #expect(report.bad_entry == nil)
        let archive = try ZipArchive(contentsOf: file)
        #expect(Set(report.entries.keys) == Set(archive.entries.map(\.name)))
        for entry in archive.entries {
            #expect(report.entries[entry.name]?.size == entry.uncompressedSize && report.entries[entry.name]?.crc32 == entry.crc32)
            #expect(report.entries[entry.name]?.method == 0)
        }
    }

    /// A `.keras` archive made in Swift (Keras 3's config.json, metadata.json and a
    /// model.weights.h5 from HDF5Writer) loads in Keras and predicts with the weights written.
    @Test(.enabled(if: HDF5WriterTests.hasKeras, "needs python3 with keras"))
    func kerasLoadsAKerasArchiveWrittenInSwift() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = #"""
            {"module": "keras", "class_name": "Sequential", "registered_name": null,
             "config": {"name": "sequential", "trainable": true, "layers": [
               {"module": "keras.layers", "class_name": "InputLayer", "registered_name": null,
                "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "input_layer"}},
               {"module": "keras.layers", "class_name": "Dense", "registered_name": null,
                "config": {"name": "dense", "trainable": true, "units": 2, "activation": "linear", "use_bias": true},
                "build_config": {"input_shape": [null, 3]}}]},
             "build_config": {"input_shape": [null, 3]}}
            """#
        let kernel: [Float] = [1, 2, 3, 4, 5, 6], bias: [Float] = [0.5, -0.5]
        var weights = HDF5Writer()
        try weights.createDataset("layers/dense/vars/0", shape: [3, 2], values: kernel)
        try weights.createDataset("layers/dense/vars/1", shape: [2], values: bias)
        try weights.setAttribute("name", .string("dense"), on: "layers/dense/vars")
        var archive = ZipWriter()
        try archive.add("metadata.json", data: Array(#"{"keras_version": "3.15.1", "date_saved": "2026-12-03@12:00:00"}"#.utf8))
        try archive.add("config.json", data: Array(config.utf8))
        try archive.add("model.weights.h5", data: try weights.bytes())
        let file = directory.url.appendingPathComponent("model.keras")
        try archive.write(to: file)
        let printed = try #require(HDF5WriterTests.run(["python3", Self.script.path, file.path, "--keras", "1,-1,2"]), "Keras could not load the archive")
        let report = try JSONDecoder().decode(Report.self, from: printed)
        // [1, -1, 2] · [[1, 2], [3, 4], [5, 6]] + [0.5, -0.5] = [8.5, 9.5]
        #expect(report.predictions == [8.5, 9.5])
    }
}
