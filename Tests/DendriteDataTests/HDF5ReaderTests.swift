import Foundation
import Testing
@testable import DendriteData

/// The fixtures of Scripts/fixtures/make_hdf5_fixtures.py (written by h5py and Keras 3) read by
/// the pure-Swift reader: every group's members in h5py's order, every dataset's shape, type and
/// values, every attribute, compared with what h5py itself reports in expected.json.
@Suite struct HDF5ReaderTests {
    static let files = ["earliest.h5", "latest.h5", "dense.h5", "userblock.h5", "keras3.weights.h5", "keras2.h5"]

    static func fixture(_ name: String) throws -> URL {
        let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        guard let url = Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/hdf5") else {
            throw DendriteError(.invalidFile, "missing fixture \(name); run Scripts/fixtures/make_hdf5_fixtures.py")
        }
        return url
    }

    /// expected.json, decoded with `JSONDecoder` (which parses every double exactly).
    struct Expected: Decodable {
        struct File: Decodable {
            let superblock: Int
            let objects: [String: Object]
        }

        struct Object: Decodable {
            let kind: String
            let children: [String]?
            let shape: [Int]?
            let dtype: String?
            let values: Values?
            let attributes: [String: Attribute]
        }

        struct Attribute: Decodable {
            let kind: String
            let shape: [Int]?
            let value: Values?
        }

        /// A JSON array read as integers, doubles or strings, whichever it holds.
        struct Values: Decodable {
            let integers: [Int]?, doubles: [Double]?, strings: [String]?

            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let single = try? container.decode(String.self) {
                    (integers, doubles, strings) = (nil, nil, [single])
                    return
                }
                integers = try? container.decode([Int].self)
                doubles = try? container.decode([Double].self)
                strings = try? container.decode([String].self)
            }
        }

        let hdf5: [String: File]
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixture("expected.json")))
    }

    @Test(arguments: files)
    func everyObjectMatchesWhatH5pyReads(file name: String) throws {
        let description = try #require(try Self.expected().hdf5[name])
        let file = try HDF5File(contentsOf: Self.fixture(name))
        #expect(file.superblockVersion == description.superblock)
        var datasets = 0
        for (path, expected) in description.objects.sorted(by: { $0.key < $1.key }) {
            let place = "\(name):\(path)"
            if expected.kind == "datatype" {
                #expect(DamagedFileTableTests.message { try file.root.object(at: path) }
                        == "invalidFile: HDF5 file '\(file.source)', object '\(path)': the object is a committed datatype, not a group or a dataset")
                continue
            }
            if path.hasSuffix("/scaleoffset") {
                #expect(DamagedFileTableTests.message { try file.root.dataset(at: path).integers() }
                        == "invalidFile: HDF5 file '\(file.source)', object '\(path)': the data are compressed with the 'scaleoffset' filter (id 6); this reader undoes only deflate (gzip), shuffle, fletcher32 and lzf")
                continue
            }
            let object = try file.root.object(at: path)
            try Self.compareAttributes(object.attributes, expected.attributes, at: place)
            switch object {
            case .group(let group):
                #expect(expected.kind == "group", "\(place)")
                #expect(group.children == expected.children, "\(place)")
            case .dataset(let dataset):
                datasets += 1
                #expect(expected.kind == "dataset", "\(place)")
                #expect(dataset.shape == expected.shape, "\(place)")
                let dtype = try #require(expected.dtype)
                #expect(Self.matches(dataset.dataType, dtype), "\(place): \(dataset.dataType) is not numpy's \(dtype)")
                guard let values = expected.values else { continue }
                let kind = dtype.dropFirst().first
                if kind == "S" || kind == "O" {
                    #expect(try dataset.strings() == values.strings, "\(place)")
                } else if kind != "f", let integers = values.integers {
                    #expect(try dataset.integers() == integers, "\(place)")
                } else {
                    // Floats, and uint64 values past Int.max, which JSON decodes only as doubles.
                    #expect(try dataset.doubles() == values.doubles, "\(place)")
                }
            }
        }
        #expect(datasets > 0)
    }

    /// Whether the reader's type is the one numpy's dtype string (`<f4`, `>i2`, `|b1`, `|S5`, `|O`) names.
    static func matches(_ type: HDF5DataType, _ dtype: String) -> Bool {
        let order = dtype.first, kind = dtype.dropFirst().first, size = Int(dtype.dropFirst(2)) ?? 0
        switch (type, kind) {
        case (.float(let bytes, let bigEndian, _, _), "f"): return bytes == size && bigEndian == (order == ">")
        case (.integer(let bytes, let signed, let bigEndian), "i"), (.integer(let bytes, let signed, let bigEndian), "u"):
            return bytes == size && signed == (kind == "i") && bigEndian == (order == ">")
        case (.enumeration(let base, let names, _), "b"): return names == ["FALSE", "TRUE"] && base == .integer(size: 1, signed: true, bigEndian: false)
        case (.enumeration(let base, _, _), _): return matches(base, dtype)
        case (.fixedLengthString(let length, _, _), "S"): return length == size
        case (.variableLengthString, "O"): return true
        default: return false
        }
    }

    static func compareAttributes(_ attributes: [HDF5Attribute], _ expected: [String: Expected.Attribute], at place: String) throws {
        #expect(attributes.map(\.name) == expected.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(place)")
        for attribute in attributes {
            let want = try #require(expected[attribute.name], "\(place): attribute \(attribute.name)")
            let shape = want.shape ?? []
            let wanted: HDF5Value = switch want.kind {
            case "empty": .empty
            case "string": .string(want.value?.strings?.first ?? "?")
            case "strings": .strings(want.value?.strings ?? [], shape: shape)
            case "integers": .integers(want.value?.integers ?? [], shape: shape)
            default: .floats(want.value?.doubles ?? [], shape: shape)
            }
            #expect(attribute.value == wanted, "\(place).\(attribute.name)")
        }
    }

    @Test(arguments: ["earliest.h5", "latest.h5"])
    func infinitiesNaNAndNegativeZeroSurvive(file name: String) throws {
        let values = try HDF5File(contentsOf: Self.fixture(name)).root.dataset(at: "numbers/specials").floats()
        #expect(values.count == 4 && values[0] == .infinity && values[1] == -.infinity && values[2].isNaN)
        #expect(values[3] == 0 && values[3].sign == .minus)
    }

    @Test func kerasWeightsReadAsTensorsOfKerasShapes() throws {
        let file = try HDF5File(contentsOf: Self.fixture("keras3.weights.h5"))
        #expect(file.root.children == ["layers", "vars"])
        // Keras 3 names the groups after the layers' automatic names, whatever their own names are.
        let hidden = try file.root.group(at: "layers/dense/vars")
        #expect(hidden.attribute(named: "name")?.value.string == "hidden")
        #expect(try hidden.dataset(named: "0").tensor().shape == [3, 4])
        #expect(try file.root.dataset(at: "/layers/dense_1/vars/1").tensor().shape == [2])
    }

    @Test func softLinksLeadToTheirTargetsAbsoluteAndRelative() throws {
        for name in ["earliest.h5", "latest.h5"] {
            let root = try HDF5File(contentsOf: Self.fixture(name)).root
            let soft = try root.dataset(at: "links/soft"), target = try root.dataset(at: "numbers/le_float32")
            #expect(try soft.floats() == target.floats())
            #expect(try root.group(at: "links/relative").children == [])
            #expect(try root.object(at: "links/relative").path == "/links/nested/deeper")
        }
    }

    @Test func chunkIndexesOfEveryKindAreRead() throws {
        let latest = try HDF5File(contentsOf: Self.fixture("latest.h5")).root
        #expect(try latest.dataset(at: "chunked/paged").integers() == Array(0..<1100))
        #expect(try latest.dataset(at: "chunked/sparse").floats() == [5, 5, 5, -1, -1, -1, 5, 5, 5, -1, -1, -1, 5, 5, 5, -1, -1, -1]
                + [Float](repeating: -1, count: 18))
        #expect(try latest.dataset(at: "chunked/two_unlimited").integers() == Array(0..<30))
    }
}
