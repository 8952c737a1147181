import Foundation

/// What may be replaced by a save: nothing a user owns is deleted. A save goes to an absent path, an
/// empty directory, or a directory that holds a Dendrite model (a `config.json` with a
/// `format_version`) and nothing but the files Dendrite writes there.
enum ModelDirectory {
    /// The files a model directory holds: the model, its optimizer state, and the history
    /// `dendrite train` writes beside them.
    static let knownFiles: Set<String> = ["config.json", "model.safetensors", "optimizer.safetensors", "history.json", "history.csv"]

    /// Throws unless saving to `url` may replace what is there, naming what would be lost.
    static func requireReplaceable(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw DendriteError(.invalidFile, "\(url.path) exists and is not a directory; a model is saved as a directory, so choose another path")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw DendriteError(.invalidFile, "\(url.path) cannot be read to check that it holds a model (\(describe(error))); nothing was written")
        }
        if entries.isEmpty { return }
        let refusal = "\(url.path) is not a Dendrite model directory, so saving will not replace it"
        if let foreign = entries.sorted().first(where: { !knownFiles.contains($0) }) {
            throw DendriteError(.invalidFile, "\(refusal): it holds '\(foreign)'\(entries.count > 1 ? " (and \(entries.count - 1) more)" : ""); choose an empty or new directory")
        }
        let configuration = url.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configuration.path),
              case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: data), fields["format_version"] != nil else {
            throw DendriteError(.invalidFile, "\(refusal): it has no config.json written by Dendrite; choose an empty or new directory")
        }
    }

    /// A file-system error in words, without Foundation's error codes.
    private static func describe(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, let text = strerror(Int32(code)) { return String(cString: text) }
        return "permission denied or not a directory"
    }
}
