import Foundation

/// The files of a data set laid out as one sub-folder per class, found as Keras'
/// `dataset_utils.index_directory` finds them: class folders sorted by name (hidden ones, starting
/// with ".", skipped), each walked with its sub-folders, files taken in order of folder path, then
/// file name (both by Unicode code point, as Python's `sorted`), keeping names whose lower-cased
/// form ends with one of the `extensions`.
struct DirectoryIndex {
    /// The class names, in class-id order.
    var classNames: [String]
    /// Every file found, class by class.
    var files: [URL]
    /// Each file's class id (inferred labels), or 0 when the folder is not split into classes.
    var classIDs: [Int]

    /// - Parameters:
    ///   - classFolders: true to treat sub-folders as classes (Keras' `labels="inferred"`); false to
    ///     walk the whole `directory` as one (explicit labels, or none).
    ///   - chosenClasses: with `classFolders`, the classes to use and their order (a subset of the
    ///     sub-folders); nil for all, sorted.
    /// - Throws: ``DendriteError`` (`.invalidFile`) if `directory` is missing or not a folder, a class
    ///   is not a sub-folder, there are no class folders, or a folder cannot be listed.
    init(_ directory: URL, classFolders: Bool, chosenClasses: [String]?, extensions: [String], followLinks: Bool,
         caller: String) throws {
        let path = directory.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DendriteError(.invalidFile, "\(caller): the folder '\(path)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw DendriteError(.invalidFile, "\(caller): '\(path)' is a file; pass the folder that holds one sub-folder per class")
        }
        var folders: [String] = [""]
        if classFolders {
            let subfolders = try Self.entries(of: directory, caller: caller)
                .filter { !$0.hasPrefix(".") && Self.isFolder(directory.appendingPathComponent($0)) }
                .sorted(by: Self.codePointOrder)
            if let chosenClasses {
                if let missing = chosenClasses.first(where: { !subfolders.contains($0) }) {
                    throw DendriteError.argument("\(caller): class '\(missing)' is not a sub-folder of '\(path)' (its sub-folders: \(subfolders.joined(separator: ", ")))")
                }
                folders = chosenClasses
            } else {
                folders = subfolders
            }
            guard !folders.isEmpty else {
                throw DendriteError(.invalidFile, "\(caller): '\(path)' has no class sub-folders; put each class's files in a sub-folder named after the class")
            }
        }
        classNames = classFolders ? folders : []
        files = []
        classIDs = []
        for (classID, folder) in folders.enumerated() {
            let root = folder.isEmpty ? directory : directory.appendingPathComponent(folder)
            var visited = Set<String>()
            let found = try Self.walk(root, followLinks: followLinks, visited: &visited, caller: caller)
                .sorted { Self.codePointOrder($0.folder, $1.folder) }
                .flatMap { entry in
                    entry.names.filter { name in extensions.contains { name.lowercased().hasSuffix($0) } }
                        .sorted(by: Self.codePointOrder)
                        .map { URL(fileURLWithPath: entry.folder).appendingPathComponent($0) }
                }
            files += found
            classIDs += Array(repeating: classID, count: found.count)
        }
    }

    /// Each folder under `root` (itself included) with the names of the entries in it that are not
    /// folders, as Python's `os.walk`: a link to a folder is entered only with `followLinks`.
    private static func walk(_ root: URL, followLinks: Bool, visited: inout Set<String>, caller: String) throws
        -> [(folder: String, names: [String])] {
        // A folder reached twice through links would be walked forever; its real path marks it.
        guard visited.insert(root.resolvingSymlinksInPath().path).inserted else { return [] }
        var names: [String] = [], result: [(folder: String, names: [String])] = []
        for name in try entries(of: root, caller: caller) {
            let entry = root.appendingPathComponent(name)
            if isFolder(entry) {
                if followLinks || !isLink(entry) {
                    result += try walk(entry, followLinks: followLinks, visited: &visited, caller: caller)
                }
            } else {
                names.append(name)
            }
        }
        return [(root.path, names)] + result
    }

    private static func entries(of folder: URL, caller: String) throws -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw DendriteError(.invalidFile, "\(caller): the folder '\(folder.path)' cannot be listed (permission denied or not a folder)")
        }
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func isLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// Python's string order: by Unicode code point (Swift's `<` compares canonical equivalents as equal).
    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
