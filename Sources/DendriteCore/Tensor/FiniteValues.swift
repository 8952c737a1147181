/// The check every reader of user data makes: no NaN or infinity, named by sample.
package enum FiniteValues {
    /// Throws naming the sample (counted from `firstSample`) of the first NaN or infinite value.
    package static func require(_ tensor: Tensor, _ role: String, firstSample: Int = 0) throws {
        if let index = tensor.firstNonFiniteIndex {
            let width = Swift.max(tensor.count / Swift.max(tensor.shape.first ?? 1, 1), 1)
            throw DendriteError.data(
                "\(role) contain a non-finite value (\(tensor.buffer[index])) in sample \(firstSample + index / width)")
        }
    }
}
