/// What a lookup layer (``StringLookup``, ``IntegerLookup``) outputs: Keras' `output_mode`.
///
/// With `depth` the number of output columns (the vocabulary size, or `maxTokens` with
/// `padToMaxTokens`):
/// - `int`: one id per token, the input's shape;
/// - `oneHot`: one row of `depth` per token, 1 at its id;
/// - `multiHot`: one row of `depth` per sample, 1 where any of its tokens has that id;
/// - `count`: as `multiHot`, holding how often each id occurs;
/// - `tfIdf`: as `count`, each column times its inverse document frequency.
public enum LookupOutputMode: String, Sendable, Codable, CaseIterable {
    case int
    case oneHot = "one_hot"
    case multiHot = "multi_hot"
    case count
    case tfIdf = "tf_idf"
}

/// How a lookup picks one of several out-of-vocabulary indices for an unknown token: Keras' `oov_method`.
/// Strings always use FarmHash (`tf.strings.to_hash_bucket_fast`); integers use `floormod` unless
/// `farmhash` is asked for, which hashes their decimal text.
public enum OOVMethod: String, Sendable, Codable {
    case floormod
    case farmhash
}
