/// The memory behind a tensor: a fixed-size buffer of `Float`s, or a view of a contiguous part
/// of another storage's buffer.
///
/// Buffers come from ``BufferPool`` and go back to it when the storage is freed, so a training
/// step reuses the memory of the previous one instead of asking the system allocator again.
/// A view keeps the storage it borrows from alive and is never written to: `Tensor`'s
/// copy-on-write accessors copy it first.
package final class TensorStorage: @unchecked Sendable {
    // Mutated only through `Tensor`'s copy-on-write accessors, which check unique ownership first.
    package let pointer: UnsafeMutablePointer<Float>
    package let count: Int
    /// The storage whose buffer this view borrows; nil when this storage owns its buffer.
    private let owner: TensorStorage?

    package init(count: Int) {
        self.count = count
        self.pointer = BufferPool.shared.take(count)
        self.owner = nil
    }

    /// `count` elements of `base` from `offset` on, without copying.
    package init(viewing base: TensorStorage, offset: Int, count: Int) {
        precondition(offset >= 0 && count >= 0 && offset + count <= base.count,
                     "TensorStorage: view of \(count) elements at \(offset) outside \(base.count)")
        self.owner = base.owner ?? base
        self.pointer = base.pointer + offset
        self.count = count
    }

    /// Whether this storage borrows another one's buffer (and so must be copied before a write).
    package var isView: Bool { owner != nil }

    package convenience init(repeating value: Float, count: Int) {
        self.init(count: count)
        pointer.update(repeating: value, count: count)
    }

    package convenience init<C: Collection>(copying values: C) where C.Element == Float {
        self.init(count: values.count)
        _ = UnsafeMutableBufferPointer(start: pointer, count: count).initialize(from: values)
    }

    package func copy() -> TensorStorage {
        let other = TensorStorage(count: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    package var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: pointer, count: count) }
    package var mutableBuffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    deinit {
        if owner == nil { BufferPool.shared.give(pointer, count: count) }
    }
}

/// A size-bucketed free list of float buffers.
///
/// Buffers are rounded up to a power of two (at least 16 floats) and kept per bucket, up to a cap
/// on the total bytes held, so the steady state of a training loop allocates nothing new.
package final class BufferPool: Sendable {
    package static let shared = BufferPool(maximumBytesHeld: 256 << 20)

    private struct Buckets: Sendable {
        // Addresses rather than pointers, so the lock's state is plainly Sendable.
        var free: [[UInt]] = Array(repeating: [], count: 64)
        var bytesHeld = 0
    }

    // A POSIX mutex rather than Synchronization's `Mutex`, so that ThreadSanitizer sees the
    // hand-over of a buffer from the thread that frees it to the thread that reuses it.
    private let buckets = PosixMutex(Buckets())
    private let maximumBytesHeld: Int

    package init(maximumBytesHeld: Int) { self.maximumBytesHeld = maximumBytesHeld }

    private static func bucket(for count: Int) -> Int {
        let needed = max(count, 16)
        return Int.bitWidth - (needed - 1).leadingZeroBitCount
    }

    package func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let bucket = Self.bucket(for: count)
        let reused: UInt? = buckets.withLock { state in
            guard let address = state.free[bucket].popLast() else { return nil }
            state.bytesHeld -= (1 << bucket) * MemoryLayout<Float>.stride
            return address
        }
        if let reused, let pointer = UnsafeMutablePointer<Float>(bitPattern: reused) { return pointer }
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: (1 << bucket) * MemoryLayout<Float>.stride, alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: 1 << bucket)
    }

    package func give(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let bucket = Self.bucket(for: count)
        let bytes = (1 << bucket) * MemoryLayout<Float>.stride
        let address = UInt(bitPattern: pointer)
        let kept = buckets.withLock { state in
            guard state.bytesHeld + bytes <= maximumBytesHeld else { return false }
            state.free[bucket].append(address)
            state.bytesHeld += bytes
            return true
        }
        if !kept { UnsafeMutableRawPointer(pointer).deallocate() }
    }

    /// Bytes currently parked in the pool (for memory tests and benchmarks).
    package var bytesHeld: Int { buckets.withLock { $0.bytesHeld } }
}
