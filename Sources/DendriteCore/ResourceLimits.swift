import Foundation

/// The largest sizes Dendrite accepts from outside: a file read into memory, one tensor whose shape
/// comes from a file, a setting or data, and all the weights of one model. Each is checked before
/// the memory is asked for, so a damaged header or a typo in a model specification ends in a
/// ``DendriteError`` (`.resourceLimit`) that gives the size asked for and the limit, not in a
/// fatal error or an exhausted machine.
///
/// ```swift
/// ResourceLimits.current.maximumTensorBytes = 8 << 30   // allow one tensor of 8 GiB
/// ```
///
/// Sizes that overflow `Int` are refused the same way, whatever the limits.
public struct ResourceLimits: Sendable, Equatable {
    /// The largest file a reader loads (CSV, safetensors, IDX, a model's `config.json`), and the
    /// largest output of gzip decompression. Default 4 GiB.
    public var maximumFileBytes: Int
    /// The largest tensor made from sizes given from outside: a layer's weight, an array in a file,
    /// a data matrix. Default 2 GiB (536,870,912 `Float`s).
    public var maximumTensorBytes: Int
    /// The largest model: the bytes of all its weights together. Default 4 GiB.
    public var maximumModelBytes: Int
    /// How messages name the three limits, so a program can name its own options instead
    /// (`dendrite` says `--max-file-size`, `--max-tensor-size`, `--max-model-size`).
    public var fileLimitName = "ResourceLimits.maximumFileBytes"
    public var tensorLimitName = "ResourceLimits.maximumTensorBytes"
    public var modelLimitName = "ResourceLimits.maximumModelBytes"

    public init(maximumFileBytes: Int = 4 << 30, maximumTensorBytes: Int = 2 << 30, maximumModelBytes: Int = 4 << 30) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumTensorBytes = maximumTensorBytes
        self.maximumModelBytes = maximumModelBytes
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var stored = ResourceLimits()

    /// The limits every reader and every model build checks; change them before loading.
    public static var current: ResourceLimits {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// The element count of `shape`, after checking that it does not overflow and that its
    /// `bytesPerElement`-byte elements fit ``maximumTensorBytes``. `what` names the tensor.
    package func requireTensor(_ shape: [Int], bytesPerElement: Int = 4, _ what: String) throws -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw DendriteError.shape("\(what): shape \(shape) has a negative size") }
        let count = try Self.count(shape, what)
        let bytes = try Self.product(count, bytesPerElement, "\(what): shape \(shape)")
        guard bytes <= maximumTensorBytes else {
            throw DendriteError(.resourceLimit, "\(what): shape \(shape) needs \(Self.text(bytes: bytes)), more than the "
                                + "limit of \(Self.text(bytes: maximumTensorBytes)) on one tensor (\(tensorLimitName))")
        }
        return count
    }

    /// Checks that a file (or decompressed data) of `bytes` bytes fits ``maximumFileBytes``.
    package func requireFile(bytes: Int, _ what: String) throws {
        guard bytes <= maximumFileBytes else {
            throw DendriteError(.resourceLimit, "\(what): \(Self.text(bytes: bytes)) is more than the limit of "
                                + "\(Self.text(bytes: maximumFileBytes)) on a file (\(fileLimitName))")
        }
    }

    /// Checks that weights of `bytes` bytes in all fit ``maximumModelBytes``.
    package func requireModel(bytes: Int, _ what: String) throws {
        guard bytes <= maximumModelBytes else {
            throw DendriteError(.resourceLimit, "\(what): the weights need \(Self.text(bytes: bytes)) so far, more than the "
                                + "limit of \(Self.text(bytes: maximumModelBytes)) on a model (\(modelLimitName))")
        }
    }

    /// The number of elements of `shape`, or a `.resourceLimit` error naming `what` when it overflows `Int`.
    package static func count(_ shape: [Int], _ what: @autoclosure () -> String) throws -> Int {
        try shape.reduce(1) { try product($0, $1, "\(what()): shape \(shape)") }
    }

    /// `a · b` for sizes, or a `.resourceLimit` error naming `what` when the product overflows `Int`.
    package static func product(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws -> Int {
        let (product, overflowed) = a.multipliedReportingOverflow(by: b)
        guard !overflowed else { throw overflow(what()) }
        return product
    }

    /// `a + b` for sizes, or a `.resourceLimit` error naming `what` when the sum overflows `Int`.
    package static func sum(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws -> Int {
        let (sum, overflowed) = a.addingReportingOverflow(b)
        guard !overflowed else { throw overflow(what()) }
        return sum
    }

    private static func overflow(_ what: String) -> DendriteError {
        DendriteError(.resourceLimit, "\(what) is larger than any memory (its size overflows a 64-bit integer)")
    }

    /// A byte count for people: `512 bytes`, `1.5 KiB`, `4 GiB`, `3.6 TiB`.
    package static func text(bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 else { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
        var value = Double(bytes) / 1024, unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        let rounded = (value * 10).rounded() / 10
        let number = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(number) \(units[unit])"
    }
}
