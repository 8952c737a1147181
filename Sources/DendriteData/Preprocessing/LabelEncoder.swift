import DendriteCore

/// Maps class names to ids `0..<k` and back, the ids in sorted order of the names (as scikit-learn's
/// `LabelEncoder`).
///
/// ```swift
/// let encoder = LabelEncoder().fit(["dog", "cat", "dog"])   // classes ["cat", "dog"]
/// try encoder.transform(["dog", "cat"])                     // Tensor [1, 0]
/// try encoder.inverseTransform(Tensor([0, 1]))              // ["cat", "dog"]
/// ```
public struct LabelEncoder: Sendable, Codable, Equatable {
    /// The class names by id.
    public private(set) var classes: [String] = []

    public init() {}

    /// Learns the distinct labels, sorted.
    public func fit(_ labels: [String]) -> LabelEncoder {
        var fitted = self
        fitted.classes = Set(labels).sorted()
        return fitted
    }

    /// The id of each label, as a `[labels.count]` tensor.
    /// - Throws: ``DendriteError`` before ``fit(_:)`` or for a label not seen by `fit` (naming it).
    public func transform(_ labels: [String]) throws -> Tensor {
        try checkFitted("transform")
        let ids = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, Float($0.offset)) })
        return Tensor(try labels.enumerated().map { position, label in
            guard let id = ids[label] else {
                throw DendriteError.data("LabelEncoder: label '\(label)' at position \(position) was not seen by fit; known labels: \(classes.joined(separator: ", "))")
            }
            return id
        })
    }

    /// The name of each id in `ids` (any shape, read in order).
    /// - Throws: ``DendriteError`` before ``fit(_:)`` or for an id that is not a whole number in `0..<classes.count`.
    public func inverseTransform(_ ids: Tensor) throws -> [String] {
        try checkFitted("inverseTransform")
        return try ids.scalars.enumerated().map { position, id in
            guard let index = Int(exactly: id), classes.indices.contains(index) else {
                throw DendriteError.data("LabelEncoder: id \(id) at position \(position) is not a class id 0…\(classes.count - 1)")
            }
            return classes[index]
        }
    }

    private func checkFitted(_ operation: String) throws {
        guard !classes.isEmpty else { throw DendriteError.argument("LabelEncoder: \(operation) called before fit") }
    }
}
