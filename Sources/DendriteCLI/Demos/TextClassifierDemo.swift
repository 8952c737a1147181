import Dendrite
import DendriteCourse
import Foundation

/// The course's Transformer text classifier: which play is a speech from, *Hamlet* or *Twelfth
/// Night*? TextVectorization (adapted on the training speeches) → TokenAndPositionEmbedding →
/// TransformerEncoder → GlobalAveragePooling1D → Dense(2, softmax); Adam, 12 epochs.
/// Walk-through and Keras' numbers: docs/demos.md.
enum TextClassifierDemo {
    static let sequenceLength = 48

    static func run(seed: UInt64) throws {
        let speeches = CourseData.playSpeeches()
        // Every fifth speech is held out, so that the test speeches span both plays from start to end.
        let isTest = speeches.texts.indices.map { $0 % 5 == 4 }
        func part(_ test: Bool) -> (texts: [String], labels: Tensor) {
            let indices = speeches.texts.indices.filter { isTest[$0] == test }
            return (indices.map { speeches.texts[$0] }, Tensor(indices.map { Float(speeches.labels[$0]) }))
        }
        let train = part(false), test = part(true)

        var vectorizer = try TextVectorization(maxTokens: 5_000, outputSequenceLength: sequenceLength)
        try vectorizer.adapt(train.texts)
        print("\(train.texts.count) training and \(test.texts.count) test speeches; vocabulary of \(vectorizer.vocabularySize) words")

        let ids = Input(shape: [sequenceLength], name: "ids")
        var x = try TokenAndPositionEmbedding(vocabularySize: vectorizer.vocabularySize, sequenceLength: sequenceLength,
                                              embeddingDim: 32, name: "embedding")(ids)
        x = try TransformerEncoder(intermediateDim: 64, numHeads: 2, dropout: 0.1, name: "encoder")(x)
        x = try GlobalAveragePooling1D(name: "pool")(x)
        let play = try Dense(2, activation: .softmax, name: "play")(x)
        let model = try Model(inputs: ids, outputs: play, name: "play_classifier", seed: seed)
        model.compile(optimizer: Adam(learningRate: 1e-3), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        model.summary()

        fflush(nil)
        let started = Date()
        try model.fit(vectorizer(train.texts), train.labels, epochs: 12, batchSize: 32,
                      validationData: (try vectorizer(test.texts), test.labels))
        let seconds = Date().timeIntervalSince(started)
        let result = try model.evaluate(vectorizer(test.texts), test.labels)

        model.textVectorization = vectorizer
        model.classNames = speeches.classNames
        let examples = ["To be, or not to be, that is the question.",
                        "If music be the food of love, play on.",
                        "My lord, the king your father is dead and buried."]
        let probabilities = try model.predict(texts: examples)
        for (row, text) in examples.enumerated() {
            let hamlet = probabilities[row, 0]
            print(String(format: "%5.1f%% Hamlet  %@", hamlet * 100, text))
        }
        print(String(format: "Test accuracy: %.4f (loss %.4f) after %.2f s of training",
                     result["accuracy"] ?? 0, result["loss"] ?? 0, seconds))
    }
}
