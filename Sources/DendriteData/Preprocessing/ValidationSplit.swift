import DendriteCore

extension Dataset {
    /// A seeded random split into training, validation and test parts; with `stratified`, each class
    /// keeps its share in every part. Both fractions are of the whole set: a group of `n` samples
    /// gives `⌈n·testFraction⌉` test and `⌈n·validationFraction⌉` validation samples.
    ///
    /// - Throws: ``DendriteError`` unless both fractions are positive with a sum below 1 and every
    ///   part gets at least one sample.
    public func split(validationFraction: Float, testFraction: Float, seed: UInt64 = 0, stratified: Bool = false) throws
        -> (train: Dataset, validation: Dataset, test: Dataset) {
        guard validationFraction > 0, testFraction > 0, validationFraction + testFraction < 1 else {
            throw DendriteError.argument("split: validationFraction \(validationFraction) and testFraction \(testFraction) must be > 0 with a sum below 1")
        }
        var generator = RandomGenerator(seed: seed)
        var parts: [[Int]] = [[], [], []]
        let classes = labels.scalars
        let groups: [[Int]] = stratified
            ? Dictionary(grouping: 0..<count, by: { classes[$0] }).sorted { $0.key < $1.key }.map(\.value)
            : [Array(0..<count)]
        for group in groups {
            let order = generator.permutation(group.count).map { group[$0] }
            let testCount = Int((Float(group.count) * testFraction).rounded(.up))
            let validationCount = Int((Float(group.count) * validationFraction).rounded(.up))
            parts[2] += order.prefix(testCount)
            parts[1] += order.dropFirst(testCount).prefix(validationCount)
            parts[0] += order.dropFirst(testCount + validationCount)
        }
        guard parts.allSatisfy({ !$0.isEmpty }) else {
            throw DendriteError.argument("split: validationFraction \(validationFraction) and testFraction \(testFraction) of \(count) samples leave an empty part")
        }
        return (subset(parts[0]), subset(parts[1]), subset(parts[2]))
    }
}
