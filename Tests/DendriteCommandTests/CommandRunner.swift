import Foundation
import Testing

/// Runs the built `dendrite` executable in a temporary directory and captures what it prints.
struct CommandRunner {
    struct Result {
        let status: Int32
        let output: String
        let error: String

        /// Standard error's lines, without the final empty one.
        var errorLines: [String] { error.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dendrite-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    func write(_ name: String, _ contents: String) throws { try Data(contents.utf8).write(to: url(name)) }

    func read(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    /// `dendrite <arguments>` with this directory as the working directory.
    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try CommandRunner.executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Files rather than pipes: a child that fills a pipe nobody reads would block.
        let id = UUID().uuidString
        let outputURL = url(".stdout-\(id)"), errorURL = url(".stderr-\(id)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        return Result(status: process.terminationStatus, output: try String(contentsOf: outputURL, encoding: .utf8),
                      error: try String(contentsOf: errorURL, encoding: .utf8))
    }

    func run(_ arguments: String) throws -> Result { try run(arguments.split(separator: " ").map(String.init)) }

    /// The `dendrite` binary SwiftPM built beside the test bundle (the products directory), or
    /// `$DENDRITE_EXECUTABLE`.
    static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["DENDRITE_EXECUTABLE"] { return URL(fileURLWithPath: path) }
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent(), Bundle.main.executableURL?.deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for directory in candidates.compactMap({ $0 }) {
            let binary = directory.appendingPathComponent("dendrite")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: binary.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        throw ExecutableNotFound(searched: candidates.compactMap { $0?.path })
    }

    struct ExecutableNotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "no dendrite executable in \(searched); set DENDRITE_EXECUTABLE" }
    }
}
