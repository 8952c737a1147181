import DendriteCore
import DendriteData

extension Model {
    /// The output for raw texts: vectorized by ``textVectorization`` (the one the model was trained
    /// with, restored by ``load(from:)``), then ``predict(_:batchSize:)``.
    ///
    /// ```swift
    /// let model = try Model.load(from: URL(fileURLWithPath: "reviews-model"))
    /// let scores = try model.predict(texts: ["A wonderful film.", "Dull and far too long."])
    /// ```
    /// - Throws: ``DendriteError`` if the model has no ``textVectorization``, or what vectorizing
    ///   or predicting throws.
    public func predict(texts: [String], batchSize: Int = 32) throws -> Tensor {
        guard let textVectorization else {
            throw DendriteError.argument("predict: \(name) has no textVectorization to turn texts into its input; set model.textVectorization to the adapted TextVectorization it was trained with")
        }
        return try predict(textVectorization(texts), batchSize: batchSize)
    }
}
