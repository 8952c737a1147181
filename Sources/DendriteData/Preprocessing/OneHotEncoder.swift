import DendriteCore

/// Encodes each column of category values as one-hot indicator columns (scikit-learn's
/// `OneHotEncoder`): a column with categories `c₀ < c₁ < …` becomes one column per category, 1 where
/// the value equals it.
///
/// Input `[samples]` (one column, e.g. class ids) or `[samples, columns]`; output
/// `[samples, Σ categories]`, the columns' blocks side by side in column order.
///
/// ```swift
/// let encoder = try OneHotEncoder().fit(Tensor([2, 0, 2]))   // categories [[0, 2]]
/// try encoder.transform(Tensor([0, 2]))                      // [[1, 0], [0, 1]]
/// ```
public struct OneHotEncoder: Sendable, Codable, Equatable {
    /// What ``transform(_:)`` does with a value not seen by ``fit(_:)``.
    public enum UnknownCategories: String, Sendable, Codable {
        /// Throw a ``DendriteError`` naming the value, row and column (the default).
        case error
        /// Encode it as all zeros in that column's block.
        case ignore
    }

    public let handleUnknown: UnknownCategories
    /// The sorted categories of each input column.
    public private(set) var categories: [[Float]] = []

    public init(handleUnknown: UnknownCategories = .error) { self.handleUnknown = handleUnknown }

    /// Learns the sorted distinct values of each column.
    /// - Throws: ``DendriteError`` for a shape other than `[samples]` or `[samples, columns]`, no samples,
    ///   or a non-finite value (naming its sample).
    public func fit(_ x: Tensor) throws -> OneHotEncoder {
        guard x.rank == 1 || x.rank == 2, x.shape[0] > 0, x.count > 0 else {
            throw DendriteError.shape("OneHotEncoder: fit needs values of shape [samples] or [samples, columns] with at least one sample, got \(x.shape)")
        }
        try FiniteValues.require(x, "OneHotEncoder: fit values")
        var fitted = self
        let columns = x.rank == 1 ? 1 : x.shape.dropFirst().reduce(1, *)
        let values = x.scalars
        fitted.categories = (0..<columns).map { column in
            Set(stride(from: column, to: values.count, by: columns).map { values[$0] }).sorted()
        }
        return fitted
    }

    /// The one-hot rows `[samples, Σ categories]`.
    /// - Throws: ``DendriteError`` before ``fit(_:)``, for a column count other than the fitted one,
    ///   or (with `handleUnknown: .error`) for an unseen value.
    public func transform(_ x: Tensor) throws -> Tensor {
        guard !categories.isEmpty else { throw DendriteError.argument("OneHotEncoder: transform called before fit") }
        let columns = categories.count
        guard (x.rank == 1 && columns == 1) || (x.rank == 2 && x.shape[1] == columns) else {
            throw DendriteError.shape("OneHotEncoder: transform got shape \(x.shape); fitted on \(columns) column(s), expected [samples, \(columns)]\(columns == 1 ? " or [samples]" : "")")
        }
        let samples = x.shape[0], width = categories.reduce(0) { $0 + $1.count }
        let offsets = categories.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let lookup = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($0.element, $0.offset) }) }
        let values = x.scalars
        var result = [Float](repeating: 0, count: samples * width)
        for row in 0..<samples {
            for column in 0..<columns {
                let value = values[row * columns + column]
                guard let index = lookup[column][value] else {
                    guard handleUnknown == .ignore else {
                        throw DendriteError.data("OneHotEncoder: value \(value) in row \(row), column \(column) was not seen by fit; known: \(categories[column].map { "\($0)" }.joined(separator: ", "))")
                    }
                    continue
                }
                result[row * width + offsets[column] + index] = 1
            }
        }
        return Tensor(shape: [samples, width], scalars: result)
    }

    /// The category of the largest entry in each column's block: `[samples, columns]` (or
    /// `[samples]` when fitted on one column). An all-zero block gives its first category.
    /// - Throws: ``DendriteError`` before ``fit(_:)`` or for a width other than `Σ categories`.
    public func inverseTransform(_ encoded: Tensor) throws -> Tensor {
        guard !categories.isEmpty else { throw DendriteError.argument("OneHotEncoder: inverseTransform called before fit") }
        let width = categories.reduce(0) { $0 + $1.count }
        guard encoded.rank == 2, encoded.shape[1] == width else {
            throw DendriteError.shape("OneHotEncoder: inverseTransform got shape \(encoded.shape); expected [samples, \(width)]")
        }
        let samples = encoded.shape[0], values = encoded.scalars
        var result: [Float] = []
        result.reserveCapacity(samples * categories.count)
        for row in 0..<samples {
            var offset = row * width
            for column in categories {
                let block = values[offset..<(offset + column.count)]
                let best = block.indices.max { block[$0] < block[$1] || (block[$0] == block[$1] && $0 > $1) } ?? offset
                result.append(column[best - offset])
                offset += column.count
            }
        }
        return Tensor(shape: categories.count == 1 ? [samples] : [samples, categories.count], scalars: result)
    }
}
