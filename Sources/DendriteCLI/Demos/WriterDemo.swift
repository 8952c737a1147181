import Dendrite
import DendriteCourse
import Foundation

/// The course's language model: an LSTM that reads 32 characters of *Hamlet* and gives the
/// probabilities of the next one, then writes text from a seed, greedily and by sampling.
/// Embedding(V, 24) → LSTM(64) → Dense(V, softmax); Adam, 8 epochs.
/// Walk-through and Keras' numbers: docs/demos.md.
enum WriterDemo {
    static let window = 32

    static func run(seed: UInt64) throws {
        let text = CourseData.hamletText()
        // Lower case keeps the vocabulary to about 40 characters; punctuation and newlines stay.
        var vectorizer = try TextVectorization(standardize: .lower, split: .character, outputSequenceLength: window)
        try vectorizer.adapt([text])
        let wholeText = try TextVectorization(standardize: .lower, split: .character, vocabulary: vectorizer.vocabulary())
        let ids = try wholeText([text]).reshaped([-1])
        let count = ids.shape[0]
        // Windows of 32 characters, starting every fifth character; the target is the character after each.
        let windows = try timeseriesDatasetFromArray(ids[0..<(count - 1)], targets: ids[window..<count],
                                                     sequenceLength: window, sequenceStride: 5, batchSize: nil)
        let (x, targets) = windows.arrays()
        guard let y = targets else { throw DendriteError(.invalidData, "writer: the windows have no targets") }
        // The last tenth of the text (Act II's end) is held out.
        let split = x.shape[0] * 9 / 10
        print("\(count) characters, \(vectorizer.vocabularySize) distinct (2 reserved); \(split) training and \(x.shape[0] - split) validation windows")

        let vocabulary = vectorizer.vocabularySize
        let model = Sequential(seed: seed, name: "writer") {
            Input(shape: [window], name: "characters")
            Embedding(vocabulary, 24)
            LSTM(64)
            Dense(vocabulary, activation: .softmax)
        }
        model.compile(optimizer: Adam(learningRate: 1e-2), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        model.summary()
        // fit writes its progress straight to the file descriptor; what print buffered goes first.
        fflush(nil)
        let started = Date()
        try model.fit(x[0..<split], y[0..<split], epochs: 8, batchSize: 256,
                      validationData: (x[split..<x.shape[0]], y[split..<x.shape[0]]))
        let seconds = Date().timeIntervalSince(started)
        let result = try model.evaluate(x[split..<x.shape[0]], y[split..<x.shape[0]])
        model.textVectorization = vectorizer

        let prompt = "what is the matter, my lord?\n"
        var generator = RandomGenerator(seed: seed)
        for (label, strategy) in [("greedy", SamplingStrategy.greedy), ("temperature 0.7", .temperature(0.7)),
                                  ("top-5", .topK(5))] {
            let written = try model.generate(text: prompt, length: 160, strategy: strategy, generator: &generator)
            print("--- \(label) ---\n\(prompt)\(written)\n")
        }
        print(String(format: "Validation loss %.4f (perplexity %.2f per character), accuracy %.4f after %.2f s of training",
                     result["loss"] ?? 0, Foundation.exp(Double(result["loss"] ?? 0)), result["accuracy"] ?? 0, seconds))
    }
}
