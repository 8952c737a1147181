import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Three well-separated clusters of 2-D points, labelled by name: `x,y,label` with 20 rows per class.
func clusterCSV(withTarget: Bool = true) -> String {
    let centres = [("east", 3.0, 0.0), ("north", 0.0, 4.0), ("west", -3.0, 0.0)]
    var lines = [withTarget ? "x,y,label" : "x,y"]
    for index in 0..<20 {
        for (name, x, y) in centres {
            let (dx, dy) = (0.6 * sin(Double(index) * 1.7), 0.6 * cos(Double(index) * 2.3))
            lines.append("\(x + dx),\(y + dy)" + (withTarget ? ",\(name)" : ""))
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The SVG file parses as XML with an `<svg>` root.
func expectSVG(_ runner: CommandRunner, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let document = try XMLDocument(xmlString: try runner.read(name), options: [])
    #expect(document.rootElement()?.name == "svg", sourceLocation: sourceLocation)
}

@Suite struct CommandTests {
    @Test(arguments: ["breast-cancer", "iris", "wine", "digits", "diabetes"])
    func trainsEvaluatesAndSummarisesEveryBuiltInDataSet(name: String) throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let train = try runner.run("train --data \(name) --epochs 3 --validation-split 0.2 --test-fraction 0.2 --output model")
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("Epoch 3/3"))
        #expect(train.output.contains("Test loss: "))
        for file in ["config.json", "model.safetensors", "history.json", "history.csv"] {
            #expect(FileManager.default.fileExists(atPath: runner.url("model/\(file)").path), "\(file)")
        }
        let history = try runner.read("model/history.csv").split(separator: "\n")
        #expect(history.count == 4)
        #expect(history.first?.hasPrefix("epoch,") == true)

        let evaluate = try runner.run("evaluate --model model --data \(name)")
        #expect(evaluate.status == 0, "\(evaluate.error)")
        #expect(evaluate.output.hasPrefix("loss: "))
        #expect(evaluate.output.contains("macro avg") == (name != "diabetes"))
        #expect(evaluate.output.contains(name == "diabetes" ? "mae: " : "accuracy: "))

        let summary = try runner.run("summary --model model")
        #expect(summary.status == 0)
        #expect(summary.output.contains("dense_2 (Dense)"))
        #expect(summary.output.contains("Preprocessing: StandardScaler"))
    }

    @Test func csvWithClassNamesTrainsPredictsAndPlots() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try runner.write("clusters.csv", clusterCSV())
        try runner.write("new.csv", clusterCSV(withTarget: false))
        let train = try runner.run("train --data clusters.csv --target label --layers 8:relu,3:softmax --learning-rate 0.05 "
                                   + "--epochs 40 --batch-size 16 --seed 3 --output model")
        #expect(train.status == 0, "\(train.error)")

        let evaluate = try runner.run("evaluate --model model --data clusters.csv --target label")
        let accuracy = evaluate.output.split(separator: "\n").first { $0.hasPrefix("accuracy: ") }
            .flatMap { Float($0.dropFirst("accuracy: ".count)) }
        #expect(try #require(accuracy) >= 0.95)
        #expect(evaluate.output.contains("       north"))

        // With the target column (left out by --target) and without it, the predictions agree.
        for (file, target) in [("clusters.csv", ["--target", "label"]), ("new.csv", [])] {
            let predict = try runner.run(["predict", "--model", "model", "--data", file, "--output", "out.csv"] + target)
            #expect(predict.status == 0, "\(predict.error)")
            let rows = try runner.read("out.csv").split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
            #expect(rows.first == ["probability_east", "probability_north", "probability_west", "class"])
            #expect(rows.count == 61)
            let truth = clusterCSV().split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) }
            let predicted = rows.dropFirst().map { $0[3] }
            #expect(Set(predicted).isSubset(of: ["east", "north", "west"]))
            #expect(zip(predicted, truth).filter { $0 != $1 }.count <= 3)
            let sums = rows.dropFirst().map { $0[0..<3].compactMap(Float.init).reduce(0, +) }
            #expect(sums.allSatisfy { abs($0 - 1) < 1e-4 })
        }

        let plots: [(String, [String])] = [
            ("history-json.svg", ["history", "--history", "model/history.json"]),
            ("history-csv.svg", ["history", "--history", "model/history.csv", "--metrics", "accuracy"]),
            ("activations.svg", ["activations", "--functions", "relu,sigmoid,tanh"]),
            ("regions.svg", ["decision-boundary", "--model", "model", "--data", "clusters.csv", "--target", "label", "--resolution", "30"]),
            ("confusion.svg", ["confusion-matrix", "--model", "model", "--data", "clusters.csv", "--target", "label"]),
        ]
        for (file, arguments) in plots {
            let plot = try runner.run(["plot"] + arguments + ["--output", file])
            #expect(plot.status == 0, "\(arguments): \(plot.error)")
            try expectSVG(runner, file)
        }
        #expect(try runner.read("history-json.svg") == runner.read("history-csv.svg"))
    }

    @Test func modelSpecFileAndEarlyStopping() throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        try runner.write("spec.json", """
            [{"type": "Dense", "settings": {"units": 8, "activation": "tanh"}},
             {"type": "Dropout", "settings": {"rate": 0.1}},
             {"type": "Dense", "name": "out", "settings": {"units": 1, "activation": "sigmoid"}}]
            """)
        let train = try runner.run("train --data breast-cancer --model-spec spec.json --optimizer nesterov --scale minmax "
                                   + "--epochs 200 --validation-split 0.2 --early-stopping 2 --output model")
        #expect(train.status == 0, "\(train.error)")
        #expect(train.output.contains("Early stopping after epoch"))
        let summary = try runner.run("summary --model model")
        #expect(summary.output.contains("out (Dense)"))
        #expect(summary.output.contains("dropout (Dropout)"))
        #expect(summary.output.contains("Optimizer: sgd"))
        #expect(summary.output.contains("Preprocessing: MinMaxScaler"))
    }

    @Test(arguments: ["train", "evaluate", "predict", "summary", "plot", "plot history", "plot activations",
                      "plot decision-boundary", "plot confusion-matrix", "demo", "generate"])
    func everyCommandHasHelp(command: String) throws {
        let runner = try CommandRunner()
        defer { runner.remove() }
        let help = try runner.run(command + " --help")
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: dendrite \(command)"))
    }
}
