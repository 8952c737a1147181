import Foundation

/// The contents of a model directory's `config.json`. Keys are snake_case:
///
/// ```json
/// {"format_version": 2, "name": "sequential", "seed": 42,
///  "model": {"class_name": "Sequential" | "Functional", "config": {…}, …}   (Keras 3's schema),
///  "compile": <CompileConfiguration> | null,
///  "preprocessing": <FittedScaler> | null, "text_vectorization": <TextVectorization> | null,
///  "class_names": ["benign", "malignant"] | null,
///  "random_state": {"model": ["0x…", "0x…", "0x…", "0x…"], "layers": {"dropout": [ … ]}},
///  "completed_epochs": 3 | null}
/// ```
///
/// `model` is the model's configuration in Keras 3's schema (``KerasModelSchema``). Format 1, which
/// Sequential models were saved in before graph models existed, has `input_shape` and a list of
/// `layers` (`{"type", "name", "trainable", "settings"}`) instead; it is still read.
/// `random_state` holds the shuffle and dropout generators, so that training after a load
/// continues exactly as it would have; `completed_epochs` is set in checkpoints.
struct ModelConfiguration: Codable {
    /// Bumped when a file written by this version could not be read by an older one.
    static let currentFormatVersion = 2

    var formatVersion: Int
    var name: String
    var seed: UInt64
    var model: JSONValue?
    /// Format 1 only.
    var inputShape: [Int]?
    /// Format 1 only.
    var layers: [LayerConfiguration]?
    var compile: CompileConfiguration?
    var preprocessing: FittedScaler?
    var textVectorization: TextVectorization?
    var classNames: [String]?
    var randomState: RandomState?
    var completedEpochs: Int?

    struct RandomState: Codable, Equatable {
        var model: [String]
        var layers: [String: [String]]
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, seed, model, inputShape = "input_shape", layers, compile, preprocessing
        case textVectorization = "text_vectorization"
        case classNames = "class_names", randomState = "random_state", completedEpochs = "completed_epochs"
    }

    private struct Version: Decodable {
        let formatVersion: Int?
        enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch {
            throw DendriteError.argument("save: the configuration cannot be written as JSON (\(error))")
        }
    }

    /// Reads `config.json` from a model directory, checking the format version first.
    static func read(fromDirectory directory: URL) throws -> ModelConfiguration {
        let url = directory.appendingPathComponent("config.json")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DendriteError(.invalidFile, "\(directory.path): no model directory here (expected a directory with config.json and model.safetensors)")
        }
        let data = Data(try InputFile.read(url) { DendriteError(.invalidFile, "\(url.path): the file cannot be read (it \($0))") })
        func failure(_ message: String) -> DendriteError { DendriteError(.invalidFile, "\(url.path): \(message)") }
        let decoder = JSONDecoder()
        let version: Int?
        do { version = try decoder.decode(Version.self, from: data).formatVersion } catch {
            throw failure(describe(error, data: data))
        }
        guard let version else { throw failure("format_version is missing (not a Dendrite model configuration?)") }
        guard version <= currentFormatVersion else {
            throw failure("format version \(version) is newer than this version of Dendrite reads (up to \(currentFormatVersion)); update Dendrite")
        }
        guard version >= 1 else { throw failure("format version \(version) is not valid (versions start at 1)") }
        return try decode(data, source: url.path)
    }

    /// A configuration from its JSON; errors name `source`.
    static func decode(_ data: Data, source: String) throws -> ModelConfiguration {
        do { return try JSONDecoder().decode(ModelConfiguration.self, from: data) } catch {
            throw DendriteError(.invalidFile, "\(source): \(describe(error, data: data))")
        }
    }

    /// A decoding error in words: what is wrong, at which key path (or, for text the decoder
    /// could not read at all, where in `data`).
    static func describe(_ error: any Error, data: Data) -> String {
        // Text JSONSerialization refuses (broken syntax, or a number beyond Double that the decoder
        // reports as a type mismatch somewhere above it) is described where it breaks.
        if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil {
            return JSONProblem.describe(data)
        }
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' in \(path(context.codingPath))"
        case DecodingError.typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(jsonKind(type)), the file has something else"
        case DecodingError.valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(jsonKind(type)), the file has null"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return JSONProblem.describe(data)
        }
    }

    /// A Swift type as the JSON it is read from: "an object", "a list", "a number", …
    private static func jsonKind(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") { return "a list" }
        if ["Int", "Double", "Float", "UInt64"].contains(name) { return "a number" }
        if name == "String" { return "a string" }
        if name == "Bool" { return "true or false" }
        return name
    }
}
