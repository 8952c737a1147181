import DendriteCore
/// What ``CSV/read(_:target:missingValues:delimiter:)`` does with a missing feature value: an empty
/// cell or one of `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL` (surrounding spaces ignored).
public enum MissingValues: String, Sendable, Codable, CaseIterable {
    /// Throw a ``DendriteError`` naming the row and column (the default).
    case error
    /// Replace it by the mean of the column's present values.
    case mean
    /// Replace it by 0.
    case zero
    /// Leave the whole row out.
    case dropRow
}
