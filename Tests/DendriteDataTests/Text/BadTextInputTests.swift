import Foundation
import Testing
@testable import DendriteData

/// Issue 12's bad text input: each is refused with a ``DendriteError`` saying what is wrong and where
/// (never a trap), or, where Keras gives a meaningful result (empty strings, a one-token vocabulary),
/// handled as Keras handles it.
@Suite struct BadTextInputTests {
    static func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch let error as DendriteError { return error.message } catch { return "\(error)" }
    }

    @Test func textVectorizationSettingsAndVocabularies() throws {
        var adapted = try TextVectorization()
        try adapted.adapt(["to be or not to be"])
        let table: [(String, String)] = [
            (Self.message { try TextVectorization(maxTokens: 1) }, "TextVectorization: maxTokens must be greater than 1, got 1"),
            (Self.message { try TextVectorization(maxTokens: 2) },
             "TextVectorization: maxTokens 2 leaves no room for a token after the 2 reserved indices (the mask and 1 OOV)"),
            (Self.message { try TextVectorization(maxTokens: -5) }, "TextVectorization: maxTokens must be greater than 1, got -5"),
            (Self.message { try TextVectorization(outputSequenceLength: -3) },
             "TextVectorization: outputSequenceLength must be at least 1, got -3"),
            (Self.message { try TextVectorization(outputMode: .multiHot, outputSequenceLength: 10) },
             "TextVectorization: outputSequenceLength is only used with outputMode int, not multi_hot"),
            (Self.message { try TextVectorization(outputMode: .count, padToMaxTokens: true) },
             "TextVectorization: padToMaxTokens needs maxTokens"),
            (Self.message { try TextVectorization(ngrams: .upTo(0)) }, "TextVectorization: n-gram widths must be 1 or more, got upTo(0)"),
            (Self.message { try TextVectorization(ngrams: .widths([2, -1])) },
             "TextVectorization: n-gram widths must be 1 or more, got widths([2, -1])"),
            (Self.message { try TextVectorization(split: nil, ngrams: .upTo(2)) },
             "TextVectorization: ngrams need a split (whitespace or character); without one each text is a single token"),
            (Self.message { try TextVectorization(vocabulary: []) }, "TextVectorization: the vocabulary is empty; give at least one token"),
            (Self.message { try TextVectorization(vocabulary: ["a", "b", "a", "b"]) },
             "TextVectorization: the vocabulary repeats 'a', 'b'; each token may appear once"),
            (Self.message { try TextVectorization(vocabulary: ["a", ""]) },
             "TextVectorization: the mask token '' is at vocabulary position 1; leave it out, or give the reserved tokens only at the start, in this order: ['', '[UNK]']"),
            (Self.message { try TextVectorization(maxTokens: 4, vocabulary: ["a", "b", "c"]) },
             "TextVectorization: the vocabulary has 5 entries with the reserved ones, more than maxTokens 4"),
            (Self.message { try TextVectorization(outputMode: .tfIdf, vocabulary: ["a"]) },
             "TextVectorization: a given vocabulary with outputMode tfIdf needs idfWeights, one per token"),
            (Self.message { try TextVectorization(outputMode: .tfIdf, vocabulary: ["a", "b"], idfWeights: [1]) },
             "TextVectorization: 1 idfWeights for a vocabulary of 2 tokens; give one per token"),
            (Self.message { try TextVectorization(outputMode: .tfIdf, vocabulary: ["a"], idfWeights: [.nan]) },
             "TextVectorization: idfWeights[0] is nan; weights must be finite"),
            (Self.message { try TextVectorization(vocabulary: ["a"], idfWeights: [1]) },
             "TextVectorization: idfWeights are only used with outputMode tfIdf, not int"),
            (Self.message { try TextVectorization()(["text"]) },
             "TextVectorization: there is no vocabulary yet; call adapt(_:) on sample data or pass a vocabulary"),
            (Self.message { var layer = try TextVectorization(); try layer.adapt([]); return layer },
             "TextVectorization: adapt found no token to learn in 0 samples (all are empty)"),
            (Self.message { var layer = try TextVectorization(); try layer.adapt(["", "   ", "?!…"]); return layer },
             "no error"),
            (Self.message { var layer = try TextVectorization(); try layer.adapt(["", "   ", "?!"]); return layer },
             "TextVectorization: adapt found no token to learn in 3 samples (all are empty)"),
            (Self.message { var layer = try TextVectorization(vocabulary: ["a"]); try layer.adapt(["a b"]); return layer },
             "TextVectorization: adapt cannot replace a vocabulary that was given; make a new TextVectorization without one"),
        ]
        for (actual, expected) in table { #expect(actual == expected) }
        // What Keras accepts works: empty texts are rows of padding, a one-token vocabulary looks up.
        #expect(try adapted(["", "to be", ""]).scalars == [0, 0, 2, 3, 0, 0])
        let one = try TextVectorization(outputMode: .count, vocabulary: ["ho"])
        #expect(try one(["ho ho", "", "hey"]).scalars == [0, 2, 0, 0, 1, 0])
        #expect(try adapted([]).shape == [0, 0])
    }

    @Test func lookupsAndPadding() throws {
        let strict = try StringLookup(numOOVIndices: 0, vocabulary: ["a", "b"])
        let inverse = try StringLookup(vocabulary: ["a", "b"], invert: true)
        let table: [(String, String)] = [
            (Self.message { try strict([["a", "b"], ["zebra", "a"]]) },
             "StringLookup: 'zebra' (row 1, position 0) is not in the vocabulary and numOOVIndices is 0; set numOOVIndices to 1 or more to map unknown tokens"),
            (Self.message { try StringLookup(numOOVIndices: -1) }, "StringLookup: numOOVIndices must be 0 or more, got -1"),
            (Self.message { try StringLookup(maxTokens: 3, numOOVIndices: 5) },
             "StringLookup: maxTokens 3 leaves no room for a token after the 5 reserved indices (5 OOV)"),
            (Self.message { try StringLookup(invert: true, outputMode: .multiHot) },
             "StringLookup: invert needs outputMode int (ids in, tokens out), got multi_hot"),
            (Self.message { try StringLookup(vocabulary: ["[UNK]", "a"], invert: true) }, "no error"),
            (Self.message { try StringLookup(vocabulary: ["a", "[UNK]"], invert: true) },
             "StringLookup: the OOV token '[UNK]' is at vocabulary position 1; with invert it may only be among the reserved tokens at the start, in this order: ['[UNK]']"),
            (Self.message { try inverse(Tensor([[1, 1.5]])) }, "StringLookup: id 1.5 at row 0, position 1 is not a whole number"),
            (Self.message { try inverse(Tensor([[Float.infinity]])) }, "StringLookup: id inf at row 0, position 0 is not a whole number"),
            (Self.message { try inverse(Tensor.zeros([1, 2, 2])) },
             "StringLookup: ids must be [rows, length] or one row [length], got shape [1, 2, 2]"),
            (Self.message { try inverse(["a"]) },
             "StringLookup: this lookup was made with invert: true; it maps ids (a Tensor) to tokens"),
            (Self.message { try strict(Tensor([1])) }, "StringLookup: mapping ids to tokens needs a lookup made with invert: true"),
            (Self.message { try IntegerLookup(vocabulary: [1, 2, 3])([[1, 2], [3]]) },
             "IntegerLookup: row 1 has 1 token, row 0 has 2; int output needs rows of one length (pad them first, e.g. with the mask token)"),
            (Self.message { try IntegerLookup(maskToken: 0, vocabulary: [5, 0]) },
             "IntegerLookup: the mask token 0 is at vocabulary position 1; leave it out, or give the reserved tokens only at the start, in this order: [0, -1]"),
            (Self.message { try IntegerLookup()([1]) },
             "IntegerLookup: there is no vocabulary yet; call adapt(_:) on sample data or pass a vocabulary"),
            (Self.message { var lookup = try IntegerLookup(maskToken: 0); try lookup.adapt([0, -1, 0]); return lookup },
             "IntegerLookup: adapt found no token to learn in 3 samples (only mask or OOV tokens)"),
            (Self.message { try padSequences([[1, 2]] as [[Float]], maxlen: -1) }, "padSequences: maxlen must be 0 or more, got -1"),
            (Self.message { try padSequences([[Float]]()) }, "padSequences: there are no sequences to take a length from; pass maxlen"),
        ]
        for (actual, expected) in table { #expect(actual == expected) }
        #expect(try inverse(Tensor([[0, 1, 2, 3, -4]])) == [["[UNK]", "a", "b", "[UNK]", "[UNK]"]])
    }

    @Test func textFoldersThatCannotBeRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let root = directory.url, path = root.path
        func load(_ folder: String, labels: DirectoryLabels? = .inferred, labelMode: TextLabelMode? = .int,
                  classNames: [String]? = nil, batchSize: Int? = 32, maxLength: Int? = nil, shuffle: Bool = false,
                  seed: UInt64? = nil, validationSplit: Double? = nil, subset: DatasetSubset? = nil) -> String {
            Self.message {
                try textDatasetFromDirectory(root.appendingPathComponent(folder), labels: labels, labelMode: labelMode,
                                             classNames: classNames, batchSize: batchSize, maxLength: maxLength,
                                             shuffle: shuffle, seed: seed, validationSplit: validationSplit, subset: subset)
            }
        }
        func write(_ relative: String, _ bytes: [UInt8]) throws {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try write("flat/a.txt", Array("text".utf8))
        try write("notes/pos/readme.md", Array("#".utf8))
        try write("notes/neg/.keep", [])
        try write("latin/neg/ok.txt", Array("fine".utf8))
        try write("latin/pos/caf.txt", Array("caf".utf8) + [0xE9, 0x20, 0x6F, 0x6B])
        try write("three/a/1.txt", Array("one".utf8))
        try write("three/b/2.txt", Array("two".utf8))
        try write("three/c/3.txt", Array("three".utf8))
        let table: [(String, String)] = [
            (load("missing"), "textDatasetFromDirectory: the folder '\(path)/missing' does not exist"),
            (load("flat/a.txt"), "textDatasetFromDirectory: '\(path)/flat/a.txt' is a file; pass the folder that holds one sub-folder per class"),
            (load("flat"), "textDatasetFromDirectory: '\(path)/flat' has no class sub-folders; put each class's files in a sub-folder named after the class"),
            (load("notes"), "textDatasetFromDirectory: no .txt files in '\(path)/notes' or its class sub-folders (neg, pos)"),
            (load("latin"), "textDatasetFromDirectory: the text file '\(path)/latin/pos/caf.txt' is not valid UTF-8: byte 3 is 0xE9; save it as UTF-8"),
            (load("three", labelMode: .binary), "textDatasetFromDirectory: labelMode binary needs exactly 2 classes, found 3: a, b, c"),
            (load("three", classNames: ["a", "d"]), "textDatasetFromDirectory: class 'd' is not a sub-folder of '\(path)/three' (its sub-folders: a, b, c)"),
            (load("three", labels: nil, classNames: ["a"]),
             "textDatasetFromDirectory: classNames can only be chosen with inferred labels and a labelMode; other labels are named after their values"),
            (load("three", labels: .given([0, 1])),
             "textDatasetFromDirectory: 2 labels for the 3 .txt files found in '\(path)/three'; give one per file"),
            (load("three", labels: .given([0, 1, -2])),
             "textDatasetFromDirectory: label -2 (file \(path)/three/c/3.txt) is negative; labels are class ids"),
            (load("three", labels: .given([0, 5, 5]), labelMode: .categorical),
             "textDatasetFromDirectory: label 5 (file \(path)/three/b/2.txt) is not below the 2 distinct labels, so it has no one-hot column; number the classes 0..<2"),
            (load("three", validationSplit: 0.5), "textDatasetFromDirectory: validationSplit and subset go together; pass both or neither"),
            (load("three", validationSplit: 1.5, subset: .training), "textDatasetFromDirectory: validationSplit must be between 0 and 1, got 1.5"),
            (load("three", shuffle: true, validationSplit: 0.5, subset: .training),
             "textDatasetFromDirectory: with validationSplit and shuffle, pass a seed so that the training and validation parts do not overlap"),
            (load("three", validationSplit: 0.2, subset: .validation),
             "textDatasetFromDirectory: validationSplit 0.2 of 3 files leaves no validation file"),
            (load("three", batchSize: 0), "textDatasetFromDirectory: batchSize must be at least 1, got 0"),
            (load("three", maxLength: -1), "textDatasetFromDirectory: maxLength must be 0 or more, got -1"),
        ]
        for (actual, expected) in table { #expect(actual == expected) }
        #expect(load("latin", classNames: ["neg"]) == "no error")
    }

    @Test func seriesWindowsThatDoNotFit() throws {
        let series = Tensor((0..<10).map(Float.init))
        func windows(_ data: Tensor = series, targets: Tensor? = nil, length: Int = 3, stride: Int = 1, rate: Int = 1,
                     batchSize: Int? = 4, start: Int? = nil, end: Int? = nil) -> String {
            Self.message {
                try timeseriesDatasetFromArray(data, targets: targets, sequenceLength: length, sequenceStride: stride,
                                               samplingRate: rate, batchSize: batchSize, startIndex: start, endIndex: end)
            }
        }
        let prefix = "timeseriesDatasetFromArray: "
        let table: [(String, String)] = [
            (windows(length: 20), prefix + "a window of 20 steps 1 apart spans 20 steps, more than the 10 steps in 0..<10"),
            (windows(length: 4, rate: 3), "no error"),
            (windows(length: 4, rate: 4), prefix + "a window of 4 steps 4 apart spans 13 steps, more than the 10 steps in 0..<10"),
            (windows(length: 0), prefix + "sequenceLength must be at least 1, got 0"),
            (windows(length: -2), prefix + "sequenceLength must be at least 1, got -2"),
            (windows(start: 10), prefix + "startIndex must be in 0..<10 (the data's length), got 10"),
            (windows(start: -1), prefix + "startIndex must be in 0..<10 (the data's length), got -1"),
            (windows(end: 10), prefix + "endIndex must be lower than the length of the data (10), got 10; leave it out to use every step"),
            (windows(start: 5, end: 5), prefix + "endIndex 5 must be greater than startIndex 5"),
            (windows(start: 4, end: 6), prefix + "a window of 3 steps 1 apart spans 3 steps, more than the 2 steps in 4..<6"),
            (windows(rate: 0), prefix + "samplingRate must be in 1..<10 (the data's length), got 0"),
            (windows(stride: 10), prefix + "sequenceStride must be in 1..<10 (the data's length), got 10"),
            (windows(batchSize: 0), prefix + "batchSize must be at least 1, got 0"),
            (windows(Tensor(3)), prefix + "data must have a time axis; got a scalar"),
            (windows(Tensor([Float]())), prefix + "data has no time steps"),
            (windows(targets: Tensor([Float]())), prefix + "targets has no time steps"),
            (windows(targets: Tensor(3)), prefix + "targets must have a time axis; got a scalar"),
            (windows(targets: Tensor((0..<6).map(Float.init)), start: 3),
             prefix + "targets has 6 steps, but the window starting at data index 7 needs targets[7]"),
            (windows(length: Int.max, rate: 2), prefix + "sequenceLength \(Int.max) with samplingRate 2 spans more steps than any data has"),
        ]
        for (actual, expected) in table { #expect(actual == expected) }
    }
}
