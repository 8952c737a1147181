import ArgumentParser
import Dendrite
import Foundation

/// `dendrite train`: trains a model on a built-in data set or a CSV file and saves it.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a built-in data set, a CSV file or raw text, and save it.",
        discussion: """
            Without --layers or --model-spec the model is 16:relu,8:relu plus an output layer that fits the data \
            (1:sigmoid for two classes, k:softmax for k classes, 1:linear for regression).
            Example: dendrite train --data iris --layers 16:relu,3:softmax --epochs 100 --validation-split 0.2 --output iris-model
            Text (a folder with one sub-folder of .txt files per class, or --text-column of a CSV file) is vectorized by a \
            TextVectorization adapted on the training part and saved with the model; without --model-spec the model is a \
            small Transformer: TokenAndPositionEmbedding(32) → TransformerEncoder(64, 2 heads, dropout 0.1) → \
            GlobalAveragePooling1D → the output layer.
            Example: dendrite train --data reviews --sequence-length 64 --epochs 10 --output reviews-model
            """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var limits: ResourceOptions

    @Option(help: ArgumentHelp("Dense layers as units:activation, comma-separated; dropout:RATE adds Dropout. The input size comes from the data.",
                               valueName: "16:relu,8:relu,1:sigmoid"))
    var layers: String?

    @Option(help: ArgumentHelp("A JSON list of layer configurations (as in a saved config.json) instead of --layers.", valueName: "file.json"))
    var modelSpec: String?

    @Option(help: "Loss, by its Keras name (default from the data: binary_crossentropy, sparse_categorical_crossentropy or mean_squared_error).")
    var loss: String?

    @Option(help: "Optimizer, by its registered (Keras) name with Keras' defaults; momentum and nesterov are SGD with momentum 0.9.")
    var optimizer = OptimizerChoice(name: "adam")

    @Option(parsing: .unconditional, help: "Learning rate (default: the optimizer's Keras default, 0.001; sgd, momentum and nesterov 0.01).")
    var learningRate: Float?

    @Option(parsing: .unconditional, help: "Passes over the training data.")
    var epochs: Int = 50

    @Option(parsing: .unconditional, help: "Samples per update.")
    var batchSize: Int = 32

    @Option(parsing: .unconditional, help: "Fraction of the training data held out (stratified for classes) to validate on after every epoch.")
    var validationSplit: Float?

    @Option(help: "Feature scaling fitted on the training part and saved with the model: standard, minmax or none.")
    var scale: ScaleChoice = .standard

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop when val_loss has not improved for this many epochs and keep the best weights (needs --validation-split).",
                               valueName: "patience"))
    var earlyStopping: Int?

    @Option(parsing: .unconditional, help: "Text: ids per text (longer texts are cut, shorter ones padded with 0).")
    var sequenceLength: Int = 64

    @Option(parsing: .unconditional, help: "Text: the largest vocabulary, the padding and out-of-vocabulary ids included.")
    var maxTokens: Int = 20_000

    @Option(parsing: .unconditional, help: "Random seed for the splits, the weights and the shuffling.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Fraction of the data held out as a test set and reported at the end.")
    var testFraction: Float?

    @Option(help: ArgumentHelp("Directory to save the model in, with history.json and history.csv.", valueName: "dir"))
    var output: String?

    func validate() throws {
        guard epochs >= 0 else { throw ValidationError("--epochs must be ≥ 0, got \(epochs)") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be > 0, got \(batchSize)") }
        for (name, value) in [("--validation-split", validationSplit), ("--test-fraction", testFraction)] {
            if let value, !(value > 0 && value < 1) { throw ValidationError("\(name) must be in (0, 1), got \(value)") }
        }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be a positive number, got \(learningRate)")
        }
        if let earlyStopping {
            guard earlyStopping >= 0 else { throw ValidationError("--early-stopping must be ≥ 0, got \(earlyStopping)") }
            guard validationSplit != nil else { throw ValidationError("--early-stopping watches val_loss, so it needs --validation-split") }
        }
        guard layers == nil || modelSpec == nil else { throw ValidationError("give either --layers or --model-spec, not both") }
        guard sequenceLength >= 1 else { throw ValidationError("--sequence-length must be ≥ 1, got \(sequenceLength)") }
        guard maxTokens >= 3 else { throw ValidationError("--max-tokens must be ≥ 3 (padding, out-of-vocabulary and one word), got \(maxTokens)") }
    }

    func run() throws {
        limits.apply()
        if dataOptions.isText { return try trainOnText() }
        let data = try dataOptions.labelledData()
        let classification = !data.classNames.isEmpty || data.labels.scalars.allSatisfy { $0 == 0 || $0 == 1 }
        let classCount = classification ? max(data.classNames.count, Int(data.labels.max().scalar) + 1) : 0
        if classification, Set(data.labels.scalars).count < 2 {
            let value = data.classNames.first.map(QuotedText.quoted) ?? "\(Int(data.labels.max().scalar))"
            throw CommandFailure("the target of '\(data.name)' holds one class only (\(value) in every row); "
                                 + "a classifier needs samples of at least two classes")
        }

        /// `set` split by the option's fraction; a refusal names the option, not the library's parameter.
        func split(_ set: Dataset, _ option: String, _ fraction: Float, seed: UInt64) throws -> (Dataset, Dataset) {
            do { return try set.split(testFraction: fraction, seed: seed, stratified: classification) } catch let error as DendriteError {
                throw CommandFailure(error.message.replacingOccurrences(of: "split: testFraction", with: option))
            }
        }
        var train = data, test: Dataset?
        if let testFraction { (train, test) = try split(data, "--test-fraction", testFraction, seed: seed) }
        var validation: Dataset?
        if let validationSplit { (train, validation) = try split(train, "--validation-split", validationSplit, seed: seed &+ 1) }
        let scaler = try scale.fitted(on: train.features)
        func scaled(_ set: Dataset) throws -> Tensor { try scaler?.transform(set.features) ?? set.features }

        let model = try makeModel(features: data.features.shape.dropFirst().reduce(1, *), classCount: classCount)
        let outputWidth = model.outputShape?.last ?? 1
        if classification, outputWidth > 1 || classCount > 2, outputWidth < classCount {
            throw CommandFailure("the output layer has \(outputWidth) unit\(outputWidth == 1 ? "" : "s"), but '\(data.name)' has "
                                 + "\(classCount) classes; end the model with \(classCount):softmax")
        }
        let lossFunction = try chosenLoss(model: model, classification: classification)
        model.compile(optimizer: try optimizer.make(learningRate: learningRate), loss: lossFunction,
                      metrics: classification ? [.accuracy] : [.mae])
        model.preprocessing = scaler
        model.classNames = data.classNames.isEmpty ? nil : data.classNames
        model.summary()
        print("Data: \(data.name), \(data.count) samples × \(data.features.shape.dropFirst().reduce(1, *)) features; "
              + "training on \(train.count)" + (validation.map { ", validating on \($0.count)" } ?? "")
              + (test.map { ", testing on \($0.count)" } ?? ""))

        // fit writes its progress straight to the file descriptor; what print buffered goes first.
        fflush(nil)
        let callbacks: [any Callback] = earlyStopping.map { [EarlyStopping(monitor: "val_loss", patience: $0, restoreBestWeights: true)] } ?? []
        let history = try model.fit(scaled(train), model.targets(train.labels, source: "'\(data.name)'"), epochs: epochs, batchSize: batchSize,
                                    validationData: try validation.map { (try scaled($0), try model.targets($0.labels, source: "'\(data.name)'")) },
                                    callbacks: callbacks)
        if let stopper = callbacks.first as? EarlyStopping, let stopped = stopper.stoppedEpoch {
            print("Early stopping after epoch \(stopped + 1); restored the weights of epoch \((stopper.bestEpoch ?? stopped) + 1)")
        }

        if let test {
            let x = try scaled(test)
            printResults(try model.evaluate(x, model.targets(test.labels, source: "'\(data.name)'")), prefix: "Test ")
            let task = OutputKind(model: model)
            if task.isClassification {
                print(try classificationReport(model: model, task: task, output: try model.predict(x), labels: test.labels,
                                                source: "'\(data.name)'"))
            }
        }
        guard let output else {
            print("The model was not saved; pass --output DIR to save it.")
            return
        }
        let directory = URL(fileURLWithPath: output)
        try model.save(to: directory)
        try HistoryFile.write(history, toDirectory: directory)
        print("Saved the model and its history to \(directory.path)")
    }

    private func makeModel(features: Int, classCount: Int) throws -> Sequential {
        let model = Sequential(seed: seed)
        var trainable: [Bool] = []
        if let modelSpec {
            for entry in try LayerSpecification.read(URL(fileURLWithPath: modelSpec)) {
                model.add(entry.layer)
                trainable.append(entry.trainable)
            }
        } else {
            let output = classCount > 2 ? "\(classCount):softmax" : classCount == 2 ? "1:sigmoid" : "1:linear"
            for layer in try LayerSpecification.parse(layers ?? "16:relu,8:relu,\(output)") { model.add(layer) }
        }
        try model.build(inputShape: [features])
        for (layer, flag) in zip(model.layers, trainable) { layer.trainable = flag }
        return model
    }

    /// `--loss`, or the loss that fits the data and the output layer.
    private func chosenLoss(model: Sequential, classification: Bool) throws -> Loss {
        if let loss {
            guard LossRegistry.names.contains(loss) else {
                throw CommandFailure("--loss \(QuotedText.quoted(loss)) is not a loss Dendrite knows (\(LossRegistry.names.joined(separator: ", ")))")
            }
            return try LossRegistry.loss(named: loss)
        }
        guard classification else { return .meanSquaredError }
        return (model.outputShape?.last ?? 1) == 1 ? .binaryCrossentropy : .sparseCategoricalCrossentropy
    }
}

/// `--optimizer`: any name in ``OptimizerRegistry``, or one of two SGD presets.
struct OptimizerChoice: ExpressibleByArgument {
    /// `momentum` and `nesterov`: SGD with momentum 0.9, without and with Nesterov's look-ahead.
    static let presets = ["momentum": false, "nesterov": true]

    let name: String

    init(name: String) { self.name = name }

    init?(argument: String) {
        guard OptimizerRegistry.names.contains(argument) || OptimizerChoice.presets[argument] != nil else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { OptimizerRegistry.names + presets.keys.sorted() }

    var defaultValueDescription: String { name }

    /// The optimizer with Keras' defaults, and `learningRate` if given.
    func make(learningRate: Float?) throws -> any Optimizer {
        if let nesterov = OptimizerChoice.presets[name] {
            return SGD(learningRate: learningRate ?? 0.01, momentum: 0.9, nesterov: nesterov)
        }
        let settings: [String: JSONValue] = learningRate.map { ["learning_rate": .float($0)] } ?? [:]
        return try OptimizerRegistry.makeOptimizer(OptimizerConfiguration(name: name, settings: settings))
    }
}

enum ScaleChoice: String, CaseIterable, ExpressibleByArgument {
    case standard, minmax, none

    func fitted(on features: Tensor) throws -> FittedScaler? {
        switch self {
        case .standard: .standard(try StandardScaler().fit(features))
        case .minmax: .minMax(try MinMaxScaler().fit(features))
        case .none: nil
        }
    }
}
