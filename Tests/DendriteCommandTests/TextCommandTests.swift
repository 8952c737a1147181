import Dendrite
import Foundation
import Testing

/// `dendrite train` and `predict` on raw text (a folder of .txt files, a CSV text column),
/// `dendrite generate` with a language model, and the bad text inputs they refuse.
@Suite struct TextCommandTests {
    static let words = [
        "sea": ["wave", "tide", "salt", "ship", "harbour", "gull", "anchor", "sail"],
        "hill": ["stone", "grass", "sheep", "climb", "peak", "heather", "cairn", "ridge"],
    ]

    /// Text `index` of a class: five of its words, in an order that changes with the index.
    static func text(_ label: String, _ index: Int) -> String {
        let pool = words[label] ?? []
        return (0..<5).map { pool[(index * 3 + $0 * (index % 3 + 1)) % pool.count] }.joined(separator: " ") + "."
    }

    /// `folder/<class>/<n>.txt`, 16 texts per class.
    static func writeFolder(_ runner: CommandRunner, _ folder: String = "texts") throws {
        for label in ["sea", "hill"] {
            try FileManager.default.createDirectory(at: runner.url("\(folder)/\(label)"), withIntermediateDirectories: true)
            for index in 0..<16 { try runner.write("\(folder)/\(label)/\(index).txt", text(label, index)) }
        }
    }

    static func csv(withLabels: Bool = true) -> String {
        var lines = [withLabels ? "text,label" : "text"]
        for index in 0..<16 {
            for label in ["sea", "hill"] { lines.append("\"\(text(label, index)), it said\"" + (withLabels ? ",\(label)" : "")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func trainsOnAFolderOfTextsAndPredictsRawText() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try Self.writeFolder(runner)
        let train = try runner.run("train --data texts --sequence-length 8 --epochs 40 --learning-rate 0.01 --seed 1 --output model")
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("32 texts in 2 classes, a vocabulary of 18 tokens, 8 ids per text"))
        #expect(train.output.contains("TransformerEncoder"))
        let config = try runner.read("model/config.json")
        #expect(config.contains("\"text_vectorization\""))
        #expect(config.contains("\"output_sequence_length\" : 8") || config.contains("\"output_sequence_length\":8"))

        // New texts of each class's words, in orders the training texts do not have.
        try FileManager.default.createDirectory(at: runner.url("new"), withIntermediateDirectories: true)
        try runner.write("new/a.txt", "Anchor and sail, the ship in the harbour.")
        try runner.write("new/b.txt", "A sheep on the ridge by the cairn.")
        let predict = try runner.run("predict --model model --data new")
        #expect(predict.status == 0, "\(predict.error)")
        let rows = predict.output.split(separator: "\n").map(String.init)
        #expect(rows.first == "source,probability,class")
        #expect(rows.count == 3)
        #expect(rows.dropFirst().first?.hasSuffix(",sea") == true, "\(rows)")
        #expect(rows.last?.hasSuffix(",hill") == true, "\(rows)")
        // The saved vectorization is used: a CSV text column predicts the same texts alike.
        try runner.write("new.csv", "text\n\"Anchor and sail, the ship in the harbour.\"\nA sheep on the ridge by the cairn.\n")
        let fromCSV = try runner.run("predict --model model --data new.csv --text-column text")
        #expect(fromCSV.status == 0, "\(fromCSV.error)")
        func withoutSource(_ lines: [String]) -> [String] {
            lines.dropFirst().map { line -> String in line.split(separator: ",").dropFirst().joined(separator: ",") }
        }
        let csvRows: [String] = fromCSV.output.split(separator: "\n").map(String.init)
        #expect(withoutSource(csvRows) == withoutSource(rows))
    }

    @Test func trainsOnACSVTextColumnWithATestSplit() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try runner.write("texts.csv", Self.csv())
        let train = try runner.run("train --data texts.csv --text-column text --target label --sequence-length 8 --epochs 30 "
                                   + "--learning-rate 0.01 --test-fraction 0.25 --validation-split 0.2 --output model")
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("Test accuracy: "))
        #expect(train.output.contains("val_loss"))
        let predict = try runner.run("predict --model model --data texts.csv --text-column text")
        #expect(predict.status == 0, "\(predict.error)")
        #expect(predict.output.hasPrefix("source,probability,class\nrow 1,"))
        #expect(predict.output.split(separator: "\n").count == 33)
    }

    @Test func aModelSpecIsTrainedOnTheIds() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try Self.writeFolder(runner)
        try runner.write("spec.json", """
            [{"type": "Embedding", "settings": {"input_dim": 18, "output_dim": 4}},
             {"type": "GlobalAveragePooling1D"},
             {"type": "Dense", "settings": {"units": 1, "activation": "sigmoid"}}]
            """)
        let train = try runner.run("train --data texts --model-spec spec.json --sequence-length 6 --epochs 2 --output model")
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("Epoch 2/2"))
    }

    /// A character model whose greedy choice after each of a, b, c, d, e is the next letter (e → a).
    static func saveCharacterModel(to url: URL) throws {
        var vectorizer = try TextVectorization(standardize: .lower, split: .character, outputSequenceLength: 1)
        try vectorizer.adapt(["abcde"])
        let vocabulary = vectorizer.vocabulary(), size = vocabulary.count
        let model = Sequential(seed: 0) { Input(shape: [1]); Embedding(size, size); Flatten(); Softmax() }
        try model.build(inputShapes: [[1]])
        var table = [Float](repeating: 0, count: size * size)
        let cycle = ["a", "b", "c", "d", "e"]
        for (id, token) in vocabulary.enumerated() {
            if let position = cycle.firstIndex(of: token), let next = vocabulary.firstIndex(of: cycle[(position + 1) % 5]) {
                table[id * size + next] = 4
            }
        }
        try model.setWeights([Tensor(shape: [size, size], scalars: table)])
        model.textVectorization = vectorizer
        try model.save(to: url)
    }

    @Test func generateWritesTextFromALanguageModel() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try Self.saveCharacterModel(to: runner.url("writer"))
        let greedy = try runner.run(["generate", "--model", "writer", "--seed", "Ab", "--length", "8"])
        #expect(greedy.status == 0, "\(greedy.error)")
        #expect(greedy.output == "Abcdeabcde\n")
        let sampled = try runner.run(["generate", "--model", "writer", "--seed", "a", "--length", "50", "--temperature", "3",
                                      "--top-k", "2", "--random-seed", "4"])
        #expect(sampled.status == 0, "\(sampled.error)")
        #expect(sampled.output.count == 52)
        #expect(Set(sampled.output.dropLast()).isSubset(of: Set("abcde")))
        let again = try runner.run(["generate", "--model", "writer", "--seed", "a", "--length", "50", "--temperature", "3",
                                    "--top-k", "2", "--random-seed", "4"])
        #expect(again.output == sampled.output)
    }

    @Test func badTextInputsAreClearErrors() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try Self.writeFolder(runner)
        try Self.writeFolder(runner, "with-empty")
        try runner.write("with-empty/sea/empty.txt", "  \n")
        try Self.writeFolder(runner, "bad-utf8")
        try Data([0x73, 0x65, 0x61, 0xC3, 0x28]).write(to: runner.url("bad-utf8/sea/latin.txt"))
        for label in ["a", "b"] {
            try FileManager.default.createDirectory(at: runner.url("one-word/\(label)"), withIntermediateDirectories: true)
            for index in 0..<4 { try runner.write("one-word/\(label)/\(index).txt", "Hello! hello, HELLO.") }
        }
        try runner.write("spec.json", """
            [{"type": "TokenAndPositionEmbedding", "settings": {"vocabulary_size": 18, "sequence_length": 8, "embedding_dim": 4}},
             {"type": "GlobalAveragePooling1D"},
             {"type": "Dense", "settings": {"units": 1, "activation": "sigmoid"}}]
            """)
        try runner.write("texts.csv", Self.csv())
        try Data("text,label\n\"sea\u{FF}\",sea\n".utf8).write(to: runner.url("latin.csv"))
        var latin = try Data(contentsOf: runner.url("latin.csv"))
        latin.replaceSubrange(15..<17, with: [0xFF])
        try latin.write(to: runner.url("latin.csv"))
        try Self.saveCharacterModel(to: runner.url("writer"))
        _ = try runner.run("train --data breast-cancer --epochs 1 --output numeric")

        let rows: [([String], String)] = [
            (["train", "--data", "with-empty", "--epochs", "1"], "with-empty/sea/empty.txt is empty; every text needs at least one word"),
            (["train", "--data", "bad-utf8", "--epochs", "1"], "bad-utf8/sea/latin.txt' is not valid UTF-8: byte 3 is 0xC3; save it as UTF-8"),
            (["train", "--data", "one-word", "--epochs", "1"], "have a vocabulary of one token ('hello')"),
            (["train", "--data", "texts", "--model-spec", "spec.json", "--sequence-length", "12", "--epochs", "1"],
             "the model for texts of 12 ids (--sequence-length)"),
            (["train", "--data", "texts.csv", "--text-column", "words", "--target", "label"], "has no column 'words'; its columns are 'text', 'label'"),
            (["train", "--data", "texts.csv", "--text-column", "text"], "--target is required with --text-column"),
            (["train", "--data", "latin.csv", "--text-column", "text", "--target", "label"], "line 2, column 1: the field is not valid UTF-8"),
            (["train", "--data", "texts", "--layers", "8:relu,1:sigmoid"], "--layers describes Dense layers on numeric features"),
            (["predict", "--model", "numeric", "--data", "texts"], "was not trained on text"),
            (["generate", "--model", "writer", "--seed", "", "--length", "3"], "--seed has no tokens"),
            (["generate", "--model", "writer", "--seed", "abz"], "seed token \"z\" (token 2 of --seed) is not in the vocabulary"),
            (["generate", "--model", "writer", "--seed", "a", "--top-k", "0"], "--top-k must be ≥ 1, got 0"),
            (["generate", "--model", "writer", "--seed", "a", "--temperature", "0"], "--temperature must be a number > 0, got 0.0"),
            (["generate", "--model", "writer", "--seed", "a", "--length", "-2"], "--length must be ≥ 0, got -2"),
            (["generate", "--model", "numeric", "--seed", "a"], "has no saved text vectorization"),
        ]
        for (arguments, message) in rows {
            let result = try runner.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.errorLines.count == 1 && result.error.contains(message), "\(arguments): \(result.error)")
        }
    }
}
