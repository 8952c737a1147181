import Foundation
import Testing
@testable import DendriteData

/// Damaged HDF5 files and zip archives, each refused with a `DendriteError` that says what is
/// wrong and where (issue 13's rules for outside input): never a trap, a hang or a huge allocation.
@Suite struct DamagedFileTableTests {
    static func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch let error as DendriteError { return "\(error.kind): \(error.message)" } catch { return "\(error)" }
    }

    static func fixture(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: HDF5ReaderTests.fixture(name))) }

    /// The first offset of `pattern` in `bytes` (the test's way to find a structure to damage).
    static func offset(of pattern: [UInt8], in bytes: [UInt8], after start: Int = 0) throws -> Int {
        try #require((start...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) })
    }

    static func le(_ value: UInt64, _ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }

    /// Reads everything in the file: every member of every group, every dataset's values.
    static func readAll(_ bytes: [UInt8]) throws -> Int {
        let file = try HDF5File(bytes: bytes, source: "damaged.h5")
        var pending = [file.root], count = 0
        while let group = pending.popLast() {
            // The reader refuses the committed datatype and the scale-offset filter by design.
            for name in group.children where (!name.hasPrefix("item") || name == "item000") && name != "committed_type" && name != "scaleoffset" {
                switch try group.object(named: name) {
                case .group(let child): if !child.path.hasPrefix("/links") { pending.append(child) }
                case .dataset(let dataset):
                    count += dataset.dataType.isNumeric ? try dataset.doubles().count : try dataset.strings().count
                }
            }
        }
        return count
    }

    @Test func damagedHDF5FilesAreRefusedSayingWhatAndWhere() throws {
        let earliest = try Self.fixture("earliest.h5"), latest = try Self.fixture("latest.h5")
        #expect(try Self.readAll(earliest) > 0 && Self.readAll(latest) > 0)
        var cases: [(name: String, bytes: [UInt8], expected: String)] = []
        cases.append(("empty", [], "invalidFile: HDF5 file 'damaged.h5', object '/': 0 bytes cannot hold the 8-byte HDF5 signature"))
        cases.append(("text", Array(String(repeating: "not an HDF5 file\n", count: 100).utf8),
                      "invalidFile: HDF5 file 'damaged.h5', object '/': no HDF5 signature (89 48 44 46 0d 0a 1a 0a) at byte 0, 512, 1024 or any later power of two; this is not an HDF5 file"))
        cases.append(("truncated", Array(earliest.prefix(earliest.count / 2)),
                      "invalidFile: HDF5 file 'damaged.h5', object '/': the local heap's data segment of 176 bytes at byte 85824 runs past the end of the file (\(earliest.count / 2) bytes; truncated or damaged)"))
        cases.append(("truncated latest", Array(latest.prefix(latest.count / 3)),
                      "invalidFile: HDF5 file 'damaged.h5', object '/': an object header continuation block of 50 bytes at byte 19621 runs past the end of the file (\(latest.count / 3) bytes; truncated or damaged)"))

        // The root group's object header address (in the superblock's root entry) far past the end.
        var pastEnd = earliest
        pastEnd.replaceSubrange(64..<72, with: Self.le(1 << 40, 8))
        cases.append(("root past the end", pastEnd,
                      "invalidFile: HDF5 file 'damaged.h5', object '/': the object header at byte 1099511627776 lies past the end of the file (\(earliest.count) bytes; truncated or damaged)"))

        // A B-tree node whose signature is damaged.
        var signature = earliest
        let tree = try Self.offset(of: Array("TREE".utf8), in: earliest)
        signature[tree] = UInt8(ascii: "X")
        cases.append(("bad signature", signature,
                      "invalidFile: HDF5 file 'damaged.h5', object '/': a B-tree node at byte 136 should start with the signature 'TREE' but has 'XREE'"))

        // A checksum that no longer matches (a byte of latest.h5's root object header).
        var checksum = latest
        let header = try Self.offset(of: Array("OHDR".utf8), in: latest)
        checksum[header + 10] ^= 0x40
        cases.append(("checksum", checksum,
                      "invalidFile: HDF5 file 'damaged.h5', object '/': the object header at byte 48 has checksum 0x627fb1a8 but its bytes give 0xb9d39f6d; the file is damaged"))

        // A chunk whose declared chunk shape is smaller than what it inflates to.
        var inflation = earliest
        let dims = try Self.offset(of: [5, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0], in: earliest)
        inflation.replaceSubrange(dims..<(dims + 8), with: [1, 0, 0, 0, 1, 0, 0, 0])
        cases.append(("chunk inflates too far", inflation,
                      "invalidFile: HDF5 file 'damaged.h5', object '/chunked/gzip_shuffle': the chunk at offset [0, 0]: a deflate-compressed chunk inflates to more than the 4 bytes of one chunk"))

        for (name, bytes, expected) in cases {
            let message = Self.message { try Self.readAll(bytes) }
            #expect(message == expected, "\(name): \(message)")
        }
    }

    @Test func cyclesInBTreesAndHeaderContinuationsAreCaught() throws {
        var writer = HDF5Writer()
        for index in 0..<300 { try writer.createDataset("many/d\(index)", shape: [1], values: [Float(index)]) }
        var bytes = try writer.bytes()
        #expect(try Self.readAll(bytes) == 300)
        // The level-1 root of /many's B-tree: its first child pointer made to point to itself.
        let levelOne = try Self.offset(of: Array("TREE".utf8) + [0, 1], in: bytes)
        var cycle = bytes
        cycle.replaceSubrange((levelOne + 32)..<(levelOne + 40), with: Self.le(UInt64(levelOne), 8))
        #expect(Self.message { try Self.readAll(cycle) }
                == "invalidFile: HDF5 file 'damaged.h5', object '/many': the B-tree node at byte \(levelOne) is reached twice (the tree has a cycle)")

        // A dataset's layout message turned into a continuation message pointing back at its own header.
        var writer2 = HDF5Writer()
        try writer2.createDataset("x", shape: [2], values: [Float(1), 2])
        bytes = try writer2.bytes()
        let layout = try Self.offset(of: [8, 0, 24, 0, 0, 0, 0, 0, 3, 1], in: bytes)
        var loop = bytes
        // Type 0x10, 16 bytes: the address of the header's first chunk (the header starts 16 bytes before it).
        let firstChunk = try Self.offset(of: [1, 0, 4, 0, 1, 0, 0, 0], in: bytes) + 16
        loop.replaceSubrange(layout..<(layout + 24), with: [0x10, 0, 16, 0, 0, 0, 0, 0] + Self.le(UInt64(firstChunk), 8) + Self.le(UInt64(layout - firstChunk + 24), 8))
        #expect(Self.message { try Self.readAll(loop) }
                == "invalidFile: HDF5 file 'damaged.h5', object '/x': object header continuation blocks form a cycle (byte \(firstChunk) is reached twice)")
    }

    @Test func impossibleSizesAreRefusedBeforeAnyMemoryIsTaken() throws {
        var writer = HDF5Writer()
        try writer.createDataset("x", shape: [2, 3], values: [Float](repeating: 1, count: 6))
        let bytes = try writer.bytes()
        // The dataspace message: version 1, rank 2, flags 1, 5 reserved, sizes 2 and 3, maximum sizes.
        let dataspace = try Self.offset(of: [1, 2, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3], in: bytes)
        var overflow = bytes, huge = bytes
        overflow.replaceSubrange((dataspace + 8)..<(dataspace + 24), with: Self.le(1 << 62, 8) + Self.le(1 << 62, 8))
        huge.replaceSubrange((dataspace + 8)..<(dataspace + 24), with: Self.le(1 << 20, 8) + Self.le(1 << 20, 8))
        #expect(Self.message { try Self.readAll(overflow) }
                == "invalidFile: HDF5 file 'damaged.h5', object '/x': the dataspace's sizes [4611686018427387904, 4611686018427387904] describe more elements than any file can hold")
        #expect(Self.message { try Self.readAll(huge) }
                == "resourceLimit: HDF5 file 'damaged.h5', dataset '/x': shape [1048576, 1048576] needs 8 TiB, more than the limit of 2 GiB on one tensor (ResourceLimits.maximumTensorBytes)")
        let file = try HDF5File(bytes: bytes, source: "fine.h5")
        #expect(Self.message { try file.root.object(at: "y") } == "invalidFile: HDF5 file 'fine.h5': group '/' has no member 'y'; its members are 'x'")
        #expect(Self.message { try file.root.group(named: "x") } == "invalidFile: HDF5 file 'fine.h5': 'x' in group '/' is not a group")
        #expect(Self.message { try file.root.dataset(at: "x").strings() } == "invalidFile: HDF5 file 'fine.h5', object '/x': the elements are float32, not strings")
    }

    @Test func damagedZipArchivesAreRefusedSayingWhatAndWhere() throws {
        let stored = try Self.fixture("stored.zip"), deflated = try Self.fixture("deflated.zip")
        func open(_ bytes: [UInt8], reading name: String = "metadata.json") -> String {
            Self.message { try ZipArchive(bytes: bytes, source: "damaged.zip").data(named: name) }
        }
        var cases: [(name: String, message: String, expected: String)] = []
        cases.append(("not a zip", open(Array("hello".utf8)),
                      "invalidFile: zip archive 'damaged.zip': 5 bytes cannot hold the 22-byte end of central directory record; this is not a zip archive"))
        cases.append(("truncated", open(Array(stored.prefix(stored.count / 2))),
                      "invalidFile: zip archive 'damaged.zip': no end of central directory record (50 4b 05 06) in the last 64 KiB; this is not a zip archive, or it is truncated"))
        // A byte of metadata.json's stored data changed.
        var crc = stored
        let metadata = try Self.offset(of: Array(#"{"keras_version""#.utf8), in: stored)
        crc[metadata + 3] ^= 0x01
        cases.append(("CRC-32", open(crc),
                      "invalidFile: zip archive 'damaged.zip', entry 'metadata.json': CRC-32 mismatch: the directory says 0x6ea4ee95, the data give 0xef818bb2; the archive is damaged"))
        // A zip bomb: config.json's declared uncompressed size in the central directory raised to 4 GB − 16.
        var bomb = deflated
        let central = try Self.offset(of: [0x50, 0x4B, 0x01, 0x02], in: deflated)
        bomb.replaceSubrange((central + 24)..<(central + 28), with: Self.le(0xFFFF_FFF0, 4))
        cases.append(("zip bomb", open(bomb, reading: "config.json"),
                      "invalidFile: zip archive 'damaged.zip': entry 'config.json': 63 compressed bytes declare 4294967280 uncompressed ones, more than DEFLATE can expand (1032:1); a zip bomb or a damaged archive"))
        // Overlapping entries: the first entry's stored sizes stretched over the second entry.
        let storedCentral = try Self.offset(of: [0x50, 0x4B, 0x01, 0x02], in: stored)
        var overlap = stored
        overlap.replaceSubrange((storedCentral + 20)..<(storedCentral + 28), with: Self.le(3000, 4) + Self.le(3000, 4))
        cases.append(("overlap", open(overlap),
                      "invalidFile: zip archive 'damaged.zip': entries 'config.json' and 'metadata.json' overlap; a valid archive never shares bytes between entries (a zip bomb or a damaged archive)"))
        // A name that leaves the archive: "config.json" renamed "../fig.json" in both headers.
        var escape = stored
        for header in [0, storedCentral] {
            let name = try Self.offset(of: Array("config.json".utf8), in: stored, after: header)
            escape.replaceSubrange(name..<(name + 3), with: Array("../".utf8))
        }
        cases.append(("path escape", open(escape),
                      "invalidFile: zip archive 'damaged.zip': entry '../fig.json': the name has a '..' component, which would leave the archive; refused"))
        var encrypted = stored
        encrypted[storedCentral + 8] |= 0x01
        cases.append(("encrypted", open(encrypted),
                      "invalidFile: zip archive 'damaged.zip': entry 'config.json': the entry is encrypted, which this reader does not read"))
        var method = stored
        method[storedCentral + 10] = 12
        cases.append(("bzip2", open(method),
                      "invalidFile: zip archive 'damaged.zip': entry 'config.json': compression method 12 (bzip2) is not stored (0) or deflated (8)"))
        for (name, message, expected) in cases { #expect(message == expected, "\(name): \(message)") }
    }
}
