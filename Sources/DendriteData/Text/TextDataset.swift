import Foundation

/// Texts read from files, with their labels: what ``textDatasetFromDirectory(_:labels:labelMode:classNames:batchSize:maxLength:shuffle:seed:validationSplit:subset:followLinks:)``
/// returns. Iterating it gives batches of `batchSize` texts and their labels, in the data set's
/// order, as Keras' `tf.data.Dataset` does (without `batchSize`, one text at a time, labels without
/// the batch axis).
///
/// ```swift
/// let reviews = try textDatasetFromDirectory(URL(fileURLWithPath: "reviews"), seed: 42)
/// var vectorizer = try TextVectorization(maxTokens: 20_000, outputSequenceLength: 200)
/// try vectorizer.adapt(reviews.texts)
/// let ids = try vectorizer(reviews.texts)          // [reviews.count, 200], labels in reviews.labels
/// ```
public struct TextDataset: Sequence, Sendable {
    /// Every text, in order.
    public let texts: [String]
    /// The labels (see ``TextLabelMode``): `int` `[texts]` class ids, `categorical` `[texts, classes]`
    /// one-hot rows, `binary` `[texts, 1]` 0 or 1; nil without labels.
    public let labels: Tensor?
    /// The class names by class id (the sub-folders, or the distinct given labels as text).
    public let classNames: [String]
    /// The file each text was read from.
    public let files: [URL]
    /// Texts per batch when iterating; nil for one at a time.
    public let batchSize: Int?

    public init(texts: [String], labels: Tensor?, classNames: [String], files: [URL], batchSize: Int?) {
        self.texts = texts
        self.labels = labels
        self.classNames = classNames
        self.files = files
        self.batchSize = batchSize
    }

    /// Number of texts.
    public var count: Int { texts.count }

    public func makeIterator() -> Iterator { Iterator(dataset: self) }

    /// The batches, in order.
    public struct Iterator: IteratorProtocol {
        let dataset: TextDataset
        var start = 0

        public mutating func next() -> (texts: [String], labels: Tensor?)? {
            let size = dataset.batchSize ?? 1
            guard start < dataset.count else { return nil }
            let range = start..<Swift.min(start + size, dataset.count)
            start = range.upperBound
            var labels = dataset.labels?.slice(alongAxis: 0, range)
            if dataset.batchSize == nil, let batch = labels { labels = batch.reshaped(Array(batch.shape.dropFirst())) }
            return (Array(dataset.texts[range]), labels)
        }
    }
}

/// How ``textDatasetFromDirectory(_:labels:labelMode:classNames:batchSize:maxLength:shuffle:seed:validationSplit:subset:followLinks:)``
/// encodes labels: Keras' `label_mode` (`nil` there means no labels).
public enum TextLabelMode: String, Sendable, CaseIterable {
    /// Class ids `[texts]` (for `sparseCategoricalCrossentropy`).
    case int
    /// One-hot rows `[texts, classes]` (for `categoricalCrossentropy`).
    case categorical
    /// `[texts, 1]` holding 0 or 1, for exactly two classes (for `binaryCrossentropy`).
    case binary
}

/// Where the labels of ``textDatasetFromDirectory(_:labels:labelMode:classNames:batchSize:maxLength:shuffle:seed:validationSplit:subset:followLinks:)``
/// come from: Keras' `labels` (`nil` there means no labels).
public enum DirectoryLabels: Sendable, Equatable {
    /// From the class sub-folders (Keras' `"inferred"`).
    case inferred
    /// One label per `.txt` file in the whole folder, in the order the files are found.
    case given([Int])
}

/// Which part of a split ``textDatasetFromDirectory(_:labels:labelMode:classNames:batchSize:maxLength:shuffle:seed:validationSplit:subset:followLinks:)``
/// returns: Keras' `subset` (`"both"` is ``textDatasetsFromDirectory(_:validationSplit:seed:labels:labelMode:classNames:batchSize:maxLength:shuffle:followLinks:)``).
public enum DatasetSubset: String, Sendable, CaseIterable {
    case training
    case validation
}
