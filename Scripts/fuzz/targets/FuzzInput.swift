import Dendrite
import Foundation

/// The fuzzer's bytes as a file: the readers under test take a path, as users give them one.
enum FuzzInput {
    /// Limits far below the defaults, so that an input asking for a large model or tensor reaches
    /// the refusal (the path under test) instead of libFuzzer's memory limit.
    static let limited: Void = {
        ResourceLimits.current = ResourceLimits(maximumFileBytes: 64 << 20, maximumTensorBytes: 64 << 20, maximumModelBytes: 256 << 20)
    }()

    /// A file per process in a RAM-backed directory when there is one, rewritten for every input.
    static let url: URL = {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return URL(fileURLWithPath: directory).appendingPathComponent("dendrite-fuzz-\(getpid())")
    }()

    static func write(_ start: UnsafeRawPointer, _ count: Int, to url: URL = url) -> URL {
        limited
        try? Data(bytes: start, count: count).write(to: url)
        return url
    }
}
