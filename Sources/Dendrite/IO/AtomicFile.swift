import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The points of a save at which a crash leaves different things on disk. Tests stop a save at
/// each of them (``AtomicFile/Interruption``) to prove that the last complete save still loads.
enum SaveStage: Equatable, Sendable {
    /// About to write this file into the temporary file or directory.
    case writing(String)
    /// The temporary copy is complete and flushed; about to rename it over the target.
    case replacing
    /// The new directory is in place; about to delete the previous one (now in the temporary path).
    case removingPrevious
}

/// Crash-safe writes: everything is written to a temporary sibling, flushed to disk
/// (`FileHandle.synchronize`, then `fsync` of the directory), and renamed over the target, so a
/// crash at any moment leaves either the previous version or the new one.
///
/// A directory cannot be renamed over a non-empty directory, so on Linux the two are swapped with
/// `renameat2(RENAME_EXCHANGE)` (Darwin: `renamex_np(RENAME_SWAP)`), also atomic. Where neither
/// exists, the old directory is first renamed aside; a crash between the two renames leaves the
/// target missing and the previous and new versions complete under hidden sibling names.
///
/// Temporary siblings are named `.<target>.saving-<UUID>`. They are not removed when a save fails
/// or crashes (a crash could not remove them either); the next save to the same target deletes
/// them first. So there must be one writer per target at a time.
enum AtomicFile {
    /// Called at each ``SaveStage``; throwing from it stops the save there, leaving the files on
    /// disk exactly as a crash at that point would (minus data the OS had not yet flushed).
    typealias Interruption = (SaveStage) throws -> Void

    /// Writes `data` to `url` atomically.
    static func write(_ data: Data, to url: URL, interruption: Interruption? = nil) throws {
        let temporary = try prepareTemporarySibling(of: url)
        try interruption?(.writing(url.lastPathComponent))
        try writeSynchronized(data, to: temporary)
        try interruption?(.replacing)
        guard rename(temporary.path, url.path) == 0 else { throw failure(url, "cannot be replaced: \(errorText())") }
        synchronizeDirectory(url.deletingLastPathComponent())
    }

    /// Replaces the directory `url` with one whose files `fill` writes (into the URL it is given),
    /// atomically.
    static func replaceDirectory(_ url: URL, interruption: Interruption? = nil,
                                 fill: (URL) throws -> Void) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw failure(url, "exists and is not a directory") }
        let temporary = try prepareTemporarySibling(of: url)
        do { try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false) } catch {
            throw failure(temporary, "cannot be created: \(FileErrorText.describe(error))")
        }
        try fill(temporary)
        synchronizeDirectory(temporary)
        try interruption?(.replacing)
        if exists {
            if exchange(temporary, url) {
                try interruption?(.removingPrevious)
                try? FileManager.default.removeItem(at: temporary)
            } else {
                let previous = url.deletingLastPathComponent()
                    .appendingPathComponent(".\(url.lastPathComponent).saving-previous-\(UUID().uuidString)")
                guard rename(url.path, previous.path) == 0 else { throw failure(url, "cannot be moved aside: \(errorText())") }
                guard rename(temporary.path, url.path) == 0 else { throw failure(url, "cannot be replaced: \(errorText())") }
                try interruption?(.removingPrevious)
                try? FileManager.default.removeItem(at: previous)
            }
        } else {
            guard rename(temporary.path, url.path) == 0 else { throw failure(url, "cannot be created: \(errorText())") }
        }
        synchronizeDirectory(url.deletingLastPathComponent())
    }

    /// Creates `url` with `data` and flushes it to disk (no rename: for files inside a temporary
    /// directory that is itself renamed into place).
    static func writeSynchronized(_ data: Data, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw failure(url, "cannot be created")
        }
        do {
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw failure(url, "cannot be written: \(FileErrorText.describe(error))")
        }
    }

    /// The temporary path for a new version of `url`, after deleting those earlier saves left.
    private static func prepareTemporarySibling(of url: URL) throws -> URL {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw failure(url, "cannot be written: the directory \(directory.path) does not exist")
        }
        let prefix = ".\(url.lastPathComponent).saving-"
        for stale in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where stale.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(stale))
        }
        return directory.appendingPathComponent(prefix + UUID().uuidString)
    }

    /// Swaps two paths atomically; false where the system cannot.
    private static func exchange(_ first: URL, _ second: URL) -> Bool {
        #if os(Linux)
        // glibc declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module does not set.
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, "renameat2") else { return false }
        let renameAt2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let currentDirectory: Int32 = -100   // AT_FDCWD
        let exchangeFlag: UInt32 = 1 << 1    // RENAME_EXCHANGE
        return renameAt2(currentDirectory, first.path, currentDirectory, second.path, exchangeFlag) == 0
        #elseif canImport(Darwin)
        return renamex_np(first.path, second.path, UInt32(RENAME_SWAP)) == 0
        #else
        return false
        #endif
    }

    /// Makes a rename or a new file in `directory` durable.
    private static func synchronizeDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    private static func failure(_ url: URL, _ problem: String) -> DendriteError {
        DendriteError(.invalidFile, "\(url.path) \(problem)")
    }
}
