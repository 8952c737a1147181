import DendriteCore

/// What ``GlobalAveragePooling1D`` and ``GlobalMaxPooling1D`` share: the shape rule (Keras'
/// `BaseGlobalPooling`). Each layer adds only its reduction.
enum GlobalPooling1D {
    /// `[steps, c] → [c]`, or `[1, c]` with `keepdims`; errors name the layer `layer` of type `type`.
    static func outputShape(layer: String, type: String, inputShape: [Int], keepdims: Bool) throws -> [Int] {
        guard inputShape.count == 2, inputShape.allSatisfy({ $0 > 0 }) else {
            throw DendriteError.shape("\(layer): \(type) expects samples of shape [steps, channels], got \(inputShape)")
        }
        return keepdims ? [1, inputShape[1]] : [inputShape[1]]
    }
}
