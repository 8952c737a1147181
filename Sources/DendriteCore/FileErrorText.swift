import Foundation

/// A file system error from Foundation in plain words ("permission denied", "no space left on
/// device"), never "The operation could not be completed (NSCocoaErrorDomain error 513.)".
package enum FileErrorText {
    package static func describe(_ error: any Error) -> String {
        let error = error as NSError
        if let code = posixCode(error) { return String(cString: strerror(code)).lowercased() }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on device"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        case .fileWriteFileExists: return "a file of that name exists"
        default: return "an input/output error"
        }
    }

    /// The POSIX error code under a Foundation error, if it has one.
    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        // On Linux the underlying error is a Swift `POSIXError`, which `as? NSError` does not
        // bridge (writing to a directory fell through to "an input/output error" that way).
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error else { return nil }
        return posixCode(underlying as NSError)
    }
}
