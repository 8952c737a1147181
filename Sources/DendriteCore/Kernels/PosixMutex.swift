#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a POSIX mutex: `withLock` gives one thread at a time access to it.
///
/// Used instead of Synchronization's `Mutex` where ThreadSanitizer has to see the lock. `Mutex`
/// inlines only its uncontended path; when threads contend, it waits on and hands over a
/// priority-inheritance futex inside the standard library, which is not instrumented, so
/// ThreadSanitizer misses the happens-before edge from one thread's unlock to the next one's lock
/// and reports the guarded state (and the memory handed over through it) as a data race.
/// ThreadSanitizer intercepts `pthread_mutex_lock` and `pthread_mutex_unlock`. Uncontended, they
/// cost one atomic instruction each, like `Mutex`.
///
///     let counter = PosixMutex(0)
///     counter.withLock { $0 += 1 }
package final class PosixMutex<State: Sendable>: @unchecked Sendable {
    // @unchecked: `state` is read and written only between lock and unlock of `mutex`. Both live
    // behind pointers so that their addresses never move, and so that the closure's `inout`
    // access is not checked for exclusivity at run time (the lock already guarantees it).
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let state: UnsafeMutablePointer<State>

    package init(_ initialState: State) {
        mutex = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "PosixMutex: pthread_mutex_init failed")
        state = .allocate(capacity: 1)
        state.initialize(to: initialState)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Runs `body` with exclusive access to the state; other threads calling `withLock` wait.
    /// `body` must not call `withLock` on the same mutex (it is not recursive).
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state.pointee)
    }
}
