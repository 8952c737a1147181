import DendriteCore

/// Features and labels of one data set, with the names of its features and classes.
public struct Dataset: Sendable {
    public let name: String
    /// `[samples, features]` (images: `[samples, height, width, channels]`).
    public let features: Tensor
    /// `[samples]`: class ids for classification, values for regression.
    public let labels: Tensor
    public let featureNames: [String]
    /// Class names by class id; empty for regression.
    public let classNames: [String]

    public init(name: String, features: Tensor, labels: Tensor, featureNames: [String] = [], classNames: [String] = []) {
        self.name = name
        self.features = features
        self.labels = labels
        self.featureNames = featureNames
        self.classNames = classNames
    }

    /// Number of samples.
    public var count: Int { features.shape.first ?? 0 }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(name: name, features: features.gathering(indices), labels: labels.gathering(indices),
                featureNames: featureNames, classNames: classNames)
    }

    /// A seeded random split into training and test parts. With `stratified`, each class keeps its
    /// share in both parts.
    public func split(testFraction: Float, seed: UInt64 = 0, stratified: Bool = false) throws
        -> (train: Dataset, test: Dataset) {
        guard testFraction > 0, testFraction < 1 else {
            throw DendriteError.argument("split: testFraction must be in (0, 1), got \(testFraction)")
        }
        var generator = RandomGenerator(seed: seed)
        var testIndices: [Int] = [], trainIndices: [Int] = []
        let groups: [[Int]] = stratified
            ? { let values = labels.scalars  // read once: the grouping visits every sample
                return Dictionary(grouping: 0..<count, by: { values[$0] }).sorted { $0.key < $1.key }.map(\.value) }()
            : [Array(0..<count)]
        for group in groups {
            let order = generator.permutation(group.count).map { group[$0] }
            let testCount = Int((Float(group.count) * testFraction).rounded(.up))
            testIndices += order.prefix(testCount)
            trainIndices += order.dropFirst(testCount)
        }
        guard !trainIndices.isEmpty, !testIndices.isEmpty else {
            throw DendriteError.argument("split: testFraction \(testFraction) of \(count) samples leaves an empty part")
        }
        return (subset(trainIndices), subset(testIndices))
    }
}

/// Real data sets shipped inside the library (scikit-learn's copies; sources and licences in
/// docs/datasets.md), loadable offline with one call.
public enum Datasets {
    /// Breast Cancer Wisconsin (diagnostic): 569 × 30, binary (0 malignant, 1 benign).
    public static func breastCancer() -> Dataset { BuiltInData.breastCancer.load() }
    /// Iris: 150 × 4, three species.
    public static func iris() -> Dataset { BuiltInData.iris.load() }
    /// Wine: 178 × 13, three cultivars.
    public static func wine() -> Dataset { BuiltInData.wine.load() }
    /// Handwritten digits: 1,797 8×8 images (pixel values 0–16) flattened to 64 features, 10 classes.
    public static func digits() -> Dataset { BuiltInData.digits.load() }
    /// Diabetes progression: 442 × 10 (scaled features), regression target.
    public static func diabetes() -> Dataset { BuiltInData.diabetes.load() }
}
