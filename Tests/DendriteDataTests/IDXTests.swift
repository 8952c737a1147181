import Foundation
import Testing
@testable import DendriteData

@Suite struct IDXTests {
    /// `gzip -c` run on `bytes` by the system's gzip command.
    static func systemGzip(_ bytes: [UInt8], in directory: TemporaryDirectory) throws -> [UInt8] {
        let input = directory.url.appendingPathComponent("plain-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        return try run(["gzip", "-c"], input: input)
    }

    /// The standard output of a command; with `input`, the file is its standard input (so `gzip`
    /// stores no file name).
    static func run(_ arguments: [String], input: URL? = nil) throws -> [UInt8] {
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = pipe
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments) failed")
        return [UInt8](output)
    }

    /// A small test image set: `count` images of 28 × 28 with a value pattern that compresses well.
    static func images(_ count: Int) -> Tensor {
        Tensor(shape: [count, 28, 28], scalars: (0..<(count * 784)).map { Float(($0 / 28 + $0 % 28 * 3) % 256) })
    }

    @Test(arguments: IDXDataType.allCases, [false, true])
    func everyTypeRoundTripsGzippedOrNot(dataType: IDXDataType, gzip: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let values: [Float] = switch dataType {
        case .unsignedByte: [0, 1, 127, 255, 9, 200]
        case .signedByte: [-128, -1, 0, 1, 127, 5]
        case .short: [-32768, -300, 0, 300, 32767, 7]
        case .int: [-2_147_483_648, -70000, 0, 70000, 16_777_216, 3]
        case .float, .double: [-1.5, 0, 3.25e-8, 1e30, .pi, -0.1]
        }
        let tensor = Tensor(shape: [2, 3], scalars: values)
        let file = directory.url.appendingPathComponent("array.idx")
        try IDX.write(tensor, dataType: dataType, to: file, gzip: gzip)
        let bytes = try [UInt8](Data(contentsOf: file))
        #expect(Gzip.isCompressed(bytes) == gzip)
        let (back, backType) = try IDX.readWithDataType(file)
        #expect(back == tensor && backType == dataType)
    }

    @Test func headerIsBigEndianAsTheSpecificationSays() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("short.idx")
        try IDX.write(Tensor([[258, -2]]), dataType: .short, to: file)
        #expect(try [UInt8](Data(contentsOf: file)) == [0, 0, 0x0B, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x01, 0x02, 0xFF, 0xFE])
    }

    @Test func ourGzipIsReadByTheGzipCommand() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plain = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        let file = directory.url.appendingPathComponent("ours.gz")
        try Data(Gzip.compress(plain)).write(to: file)
        #expect(try Self.run(["gzip", "-dc", file.path]) == plain)
        #expect(Gzip.compress([]) .count == 10 + 5 + 8)
        #expect(try Gzip.decompress(Gzip.compress([]), source: "empty").isEmpty)
    }

    /// `gzip -c` picks fixed Huffman codes for tiny inputs and dynamic ones for larger inputs; the
    /// first block's type bits confirm which path each case exercises.
    @Test(arguments: [(40, 1), (60_000, 2)])
    func gzipCommandOutputInflates(length: Int, blockType: UInt8) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plain = (0..<length).map { UInt8(truncatingIfNeeded: ($0 % 97) * ($0 % 13) + $0 / 1000) }
        let compressed = try Self.systemGzip(plain, in: directory)
        #expect(compressed[3] & 0x08 == 0, "no file name stored")
        #expect(compressed[10] >> 1 & 3 == blockType)
        #expect(try Gzip.decompress(compressed, source: "command") == plain)
    }

    @Test func concatenatedMembersAndTrailingZerosDecompressToTheWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = Array("first part, ".utf8), second = Array("second part".utf8)
        let joined = try Self.systemGzip(first, in: directory) + Gzip.compress(second) + [0, 0, 0, 0]
        #expect(try Gzip.decompress(joined, source: "joined") == first + second)
    }

    @Test func gzippedMNISTFilesLoadAsScaledNHWCImages() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let imagesFile = directory.url.appendingPathComponent("images-idx3-ubyte")
        let labelsFile = directory.url.appendingPathComponent("labels-idx1-ubyte.gz")
        try IDX.write(Self.images(3), dataType: .unsignedByte, to: imagesFile)
        let imagesGzip = directory.url.appendingPathComponent("images-idx3-ubyte.gz")
        try Data(Self.run(["gzip", "-c", imagesFile.path])).write(to: imagesGzip)
        try IDX.write(Tensor([7, 0, 9]), dataType: .unsignedByte, to: labelsFile, gzip: true)
        let data = try Datasets.mnist(imagesURL: imagesGzip, labelsURL: labelsFile)
        #expect(data.features.shape == [3, 28, 28, 1])
        #expect(data.features[1, 2, 3, 0] == Float((784 + 2 * 28 + 3) / 28 % 256 + 3 * 3) / 255)
        #expect(data.features[2, 27, 27, 0] == Float((2 * 784 + 27 * 28 + 27) / 28 + 27 * 3) / 255)
        #expect(data.labels.scalars == [7, 0, 9])
        #expect(data.classNames == (0...9).map(String.init))
        let raw = try Datasets.mnist(imagesURL: imagesFile, labelsURL: labelsFile, scaled: false)
        #expect(raw.features.max() == Self.images(3).max() && raw.features[0, 0, 1, 0] == 3)

        let twoLabels = directory.url.appendingPathComponent("two-labels")
        try IDX.write(Tensor([1, 2]), dataType: .unsignedByte, to: twoLabels)
        let error = try #require(throws: DendriteError.self) { try Datasets.mnist(imagesURL: imagesFile, labelsURL: twoLabels) }
        #expect(error.message == "mnist: 3 images in '\(imagesFile.path)' but 2 labels in '\(twoLabels.path)'")
    }

    /// Every damaged input and the exact message it gives (docs/data.md lists the same table).
    @Test func damagedFilesThrowSayingWhatIsWrong() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = directory.url.appendingPathComponent("good.idx")
        try IDX.write(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), dataType: .unsignedByte, to: good)
        let plain = try [UInt8](Data(contentsOf: good))
        let gzipped = try Self.systemGzip(Array(repeating: plain, count: 50).joined() + [], in: directory)
        func message(_ name: String, _ bytes: [UInt8]) throws -> String {
            let file = directory.url.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            let error = try #require(throws: DendriteError.self) { try IDX.read(file) }
            #expect(error.kind == .invalidFile)
            return error.message.replacingOccurrences(of: file.path, with: "$")
        }
        var badCRC = gzipped
        badCRC[badCRC.count - 6] ^= 0xFF
        var badSize = gzipped
        badSize[badSize.count - 1] ^= 0x01
        var badMethod = gzipped
        badMethod[2] = 7
        let expectations: [(String, [UInt8], String)] = [
            ("short.idx", [0, 0, 8], "IDX file '$': 3 bytes cannot hold the 4-byte header (00 00, type, number of dimensions)"),
            ("magic.idx", [0x50, 0x4B, 3, 4] + plain, "IDX file '$': magic bytes 50 4b 03 04 are not an IDX header; expected 00 00, a type code and the number of dimensions"),
            ("type.idx", [0, 0, 0x0A, 1, 0, 0, 0, 1, 5], "IDX file '$': type code 0xa is not one of 08 (ubyte), 09 (byte), 0b (short), 0c (int), 0d (float), 0e (double)"),
            ("dims.idx", Array(plain.prefix(9)), "IDX file '$': the header declares 2 dimensions (12 header bytes), but the file has only 9 bytes"),
            ("long.idx", plain + [0], "IDX file '$': dimensions [2, 3] need 6 bytes of ubyte data, but the file has 7"),
            ("cut.idx", Array(plain.dropLast()), "IDX file '$': dimensions [2, 3] need 6 bytes of ubyte data, but the file has 5"),
            ("cut.gz", Array(gzipped.dropLast(12)), "gzip file '$': truncated: the compressed data ends early (file of \(gzipped.count - 12) bytes)"),
            ("notrailer.gz", Array(gzipped.dropLast(4)), "gzip file '$': truncated: the 8-byte trailer (CRC-32 and size) is missing"),
            ("header.gz", Array(gzipped.prefix(12)), "gzip file '$': truncated: 12 bytes cannot hold a gzip header and trailer (18 bytes at least)"),
            ("crc.gz", badCRC, "gzip file '$': CRC-32 mismatch: the trailer says 0x\(String(CRC32.checksum(Array(repeating: plain, count: 50).joined()) ^ 0xFF_0000, radix: 16)), the data gives 0x\(String(CRC32.checksum(Array(repeating: plain, count: 50).joined()), radix: 16)); the file is damaged"),
            ("size.gz", badSize, "gzip file '$': size mismatch: the trailer says \(plain.count * 50 + (1 << 24)) bytes, the data has \(plain.count * 50)"),
            ("method.gz", badMethod, "gzip file '$': compression method 7 is not DEFLATE (8)"),
            ("reserved.gz", Gzip.compress(plain).enumerated().map { $0.offset == 10 ? 0x07 : $0.element }, "gzip file '$': invalid DEFLATE data in the member starting at offset 0: block type 3 is reserved"),
            ("stored.gz", Gzip.compress(plain).enumerated().map { $0.offset == 13 ? 0 : $0.element }, "gzip file '$': invalid DEFLATE data in the member starting at offset 0: stored block length 18 does not match its complement 65280"),
        ]
        for (name, bytes, expected) in expectations {
            let actual = try message(name, bytes)
            #expect(actual == expected, "\(name): \(actual)")
        }
        let missing = try #require(throws: DendriteError.self) { try IDX.read(directory.url.appendingPathComponent("none.idx")) }
        #expect(missing.message == "IDX file '\(directory.url.path)/none.idx' does not exist")
    }

    @Test func valueThatDoesNotFitTheTypeIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("bad.idx")
        let fraction = try #require(throws: DendriteError.self) { try IDX.write(Tensor([1, 3.5]), dataType: .unsignedByte, to: file) }
        #expect(fraction.message == "IDX.write: value 3.5 at index 1 does not fit ubyte (whole numbers 0…255)")
        let range = try #require(throws: DendriteError.self) { try IDX.write(Tensor([200]), dataType: .signedByte, to: file) }
        #expect(range.message == "IDX.write: value 200.0 at index 0 does not fit byte (whole numbers -128…127)")
    }
}
