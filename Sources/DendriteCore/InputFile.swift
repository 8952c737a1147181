#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif
import Foundation

/// Reading a whole file the user named, with one set of reasons for failing that say what is wrong
/// with the path (missing, a directory, a loop of symbolic links, no permission) rather than a
/// Foundation error code, and with ``ResourceLimits/maximumFileBytes`` checked before reading.
package enum InputFile {
    /// Why `path` cannot be read as a file, phrased to follow "it": "does not exist", "is a
    /// directory", "is a loop of symbolic links", …; nil when it is a readable file.
    package static func problem(at path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            var link = stat()
            if code == ENOENT, lstat(path, &link) == 0 { return "is a symbolic link to a file that does not exist" }
            return reason(code)
        }
        if status.st_mode & S_IFMT == S_IFDIR { return "is a directory" }
        guard access(path, R_OK) == 0 else { return reason(errno) }
        return nil
    }

    /// The bytes of the file at `url`, checked against ``ResourceLimits/maximumFileBytes`` first.
    /// `failure` turns a reason (as ``problem(at:)`` phrases it) into the caller's error.
    package static func read(_ url: URL, failure: (String) -> DendriteError) throws -> [UInt8] {
        let path = url.path
        if let problem = problem(at: path) { throw failure(problem) }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw failure(reason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(reason(errno)) }
        let size = Int(status.st_size)
        try ResourceLimits.current.requireFile(bytes: size, path)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress.map { $0 + filled }, size - filled)
            }
            guard count >= 0 else { throw failure(reason(errno)) }
            if count == 0 { break }
            filled += count
        }
        // A file that shrank while it was read is read as what is there.
        return filled == size ? bytes : Array(bytes[..<filled])
    }

    /// ``read(_:failure:)`` with messages `<kind> '<path>' <reason>`, e.g. `IDX file 'x.idx' does not exist`.
    package static func read(_ url: URL, kind: String) throws -> [UInt8] {
        try read(url) { DendriteError(.invalidFile, "\(kind) '\(url.path)' \($0)") }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "does not exist"
        case ENOTDIR: "does not exist (a part of its path is a file, not a directory)"
        case ELOOP: "is a loop of symbolic links"
        case EACCES, EPERM: "is not readable (permission denied)"
        case EISDIR: "is a directory"
        case ENAMETOOLONG: "has a path that is too long"
        default: "cannot be read (\(String(cString: strerror(code)).lowercased()))"
        }
    }
}
