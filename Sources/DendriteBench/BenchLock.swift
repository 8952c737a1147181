import ArgumentParser
import Foundation

/// An exclusive `flock` on a file, so timed runs never overlap other benchmarks taking the same lock.
struct BenchLock {
    private let descriptor: Int32

    init(path: String) throws {
        guard !path.isEmpty else {
            descriptor = -1
            return
        }
        descriptor = open(path, O_CREAT | O_RDWR, 0o666)
        guard descriptor >= 0 else { throw ValidationError("cannot open lock file \(path)") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            print("waiting for \(path) …")
            flock(descriptor, LOCK_EX)
        }
    }

    func release() {
        if descriptor >= 0 { close(descriptor) }
    }
}
