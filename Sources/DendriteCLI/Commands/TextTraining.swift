import Dendrite
import Foundation

/// `dendrite train` on raw text: split, vectorize with a TextVectorization adapted on the training
/// part, train `--model-spec` or a small Transformer classifier, and save the vectorization with it.
extension TrainCommand {
    func trainOnText() throws {
        guard layers == nil else {
            throw CommandFailure("--layers describes Dense layers on numeric features; for text give --model-spec, or neither for the default Transformer")
        }
        let data = try dataOptions.labelledTexts()
        guard Set(data.labels).count >= 2 else {
            throw CommandFailure("'\(data.name)' holds one class only (\(data.classNames.first.map(QuotedText.quoted) ?? "none")); a classifier needs texts of at least two classes")
        }
        // The texts are split through their indices, so that classes stay balanced as for numeric data.
        let indices = Dataset(name: data.name, features: Tensor(shape: [data.texts.count, 1], scalars: data.texts.indices.map(Float.init)),
                              labels: Tensor(data.labels.map(Float.init)), classNames: data.classNames)
        func split(_ set: Dataset, _ option: String, _ fraction: Float, seed: UInt64) throws -> (Dataset, Dataset) {
            do { return try set.split(testFraction: fraction, seed: seed, stratified: true) } catch let error as DendriteError {
                throw CommandFailure(error.message.replacingOccurrences(of: "split: testFraction", with: option))
            }
        }
        var train = indices, test: Dataset?, validation: Dataset?
        if let testFraction { (train, test) = try split(indices, "--test-fraction", testFraction, seed: seed) }
        if let validationSplit { (train, validation) = try split(train, "--validation-split", validationSplit, seed: seed &+ 1) }
        func texts(_ set: Dataset) -> [String] { set.features.scalars.map { data.texts[Int($0)] } }

        var vectorizer = try TextVectorization(maxTokens: maxTokens, outputSequenceLength: sequenceLength)
        try vectorizer.adapt(texts(train))
        let words = vectorizer.vocabulary(includeSpecialTokens: false)
        guard words.count >= 2 else {
            throw CommandFailure("the training texts of '\(data.name)' have a vocabulary of one token (\(words.map(QuotedText.quoted).joined())) after lower-casing and removing punctuation; a text classifier needs at least two different words")
        }
        let classCount = data.classNames.count
        let model = try textModel(vocabularySize: vectorizer.vocabularySize, classCount: classCount)
        let outputWidth = model.outputShapes?.first?.last ?? 1
        guard outputWidth == (classCount == 2 ? 1 : classCount) || outputWidth == classCount else {
            throw CommandFailure("the output layer has \(outputWidth) unit\(outputWidth == 1 ? "" : "s"), but '\(data.name)' has \(classCount) classes; end the model with \(classCount):softmax")
        }
        let lossFunction = try loss.map { try LossRegistry.loss(named: $0) }
            ?? (outputWidth == 1 ? .binaryCrossentropy : .sparseCategoricalCrossentropy)
        model.compile(optimizer: try optimizer.make(learningRate: learningRate), loss: lossFunction, metrics: [.accuracy])
        model.textVectorization = vectorizer
        model.classNames = data.classNames
        model.summary()
        print("Data: \(data.name), \(data.texts.count) texts in \(classCount) classes, a vocabulary of \(vectorizer.vocabularySize) tokens, "
              + "\(sequenceLength) ids per text; training on \(train.count)" + (validation.map { ", validating on \($0.count)" } ?? "")
              + (test.map { ", testing on \($0.count)" } ?? ""))

        fflush(nil)
        let callbacks: [any Callback] = earlyStopping.map { [EarlyStopping(monitor: "val_loss", patience: $0, restoreBestWeights: true)] } ?? []
        let history = try model.fit(vectorizer(texts(train)), train.labels, epochs: epochs, batchSize: batchSize,
                                    validationData: try validation.map { (try vectorizer(texts($0)), $0.labels) }, callbacks: callbacks)
        if let test {
            let output = try model.predict(texts: texts(test))
            printResults(try model.evaluate(vectorizer(texts(test)), test.labels), prefix: "Test ")
            print(try classificationReport(model: model, task: OutputKind(model: model), output: output, labels: test.labels,
                                            source: "'\(data.name)'"))
        }
        guard let output else {
            print("The model was not saved; pass --output DIR to save it.")
            return
        }
        let directory = URL(fileURLWithPath: output)
        try model.save(to: directory)
        try HistoryFile.write(history, toDirectory: directory)
        print("Saved the model, its text vectorization and its history to \(directory.path)")
    }

    /// `--model-spec` on ids `[sequenceLength]`, or the default Transformer classifier.
    private func textModel(vocabularySize: Int, classCount: Int) throws -> Model {
        let head = classCount == 2 ? Dense(1, activation: .sigmoid, name: "classes") : Dense(classCount, activation: .softmax, name: "classes")
        do {
            guard let modelSpec else {
                let ids = Input(shape: [sequenceLength], name: "ids")
                var x = try TokenAndPositionEmbedding(vocabularySize: vocabularySize, sequenceLength: sequenceLength,
                                                      embeddingDim: 32, name: "embedding")(ids)
                x = try TransformerEncoder(intermediateDim: 64, numHeads: 2, dropout: 0.1, name: "encoder")(x)
                return try Model(inputs: ids, outputs: try head(try GlobalAveragePooling1D(name: "pool")(x)), name: "text_classifier", seed: seed)
            }
            let model = Sequential(seed: seed)
            let entries = try LayerSpecification.read(URL(fileURLWithPath: modelSpec))
            for entry in entries { model.add(entry.layer) }
            try model.build(inputShape: [sequenceLength])
            for (layer, entry) in zip(model.layers, entries) { layer.trainable = entry.trainable }
            return model
        } catch let error as DendriteError {
            throw CommandFailure("the model for texts of \(sequenceLength) ids (--sequence-length) and a vocabulary of \(vocabularySize) tokens: \(error.message)")
        }
    }
}
