import CDendriteKernels
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads Dendrite's kernels (matrix products, element-wise loops) may use at once.
///
/// The default is the number of online processors, at most 16. Set it to 1 to run everything
/// on the calling thread. Results do not depend on this setting: kernels split their work only
/// in ways that leave every output value's arithmetic unchanged.
///
///     ComputeThreads.maximum = 1   // fully single-threaded
public enum ComputeThreads {
    /// The thread budget, caller included; values are clamped to 1...64.
    public static var maximum: Int {
        get { setting.load(ordering: .relaxed) }
        set { setting.store(Swift.min(Swift.max(newValue, 1), 64), ordering: .relaxed) }
    }

    /// Online processors as the operating system reports them.
    public static let processorCount: Int = Swift.max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)

    private static let setting = Atomic<Int>(Swift.min(processorCount, 16))
}

/// Data-parallel loops on a persistent pool: the calling thread plus `ComputeThreads.maximum - 1`
/// workers that spin briefly after each job and then park.
///
/// Waking a parked thread costs tens of microseconds in a VM, a spinning one well under one, so
/// back-to-back kernels (the usual case in a training step) hand off cheaply while an idle
/// program does not keep a core busy.
package enum Parallel {
    /// Runs `body(index)` for every index in `0..<count`, spread over the caller and the pool's
    /// workers, and returns when all calls have finished. Indices are claimed dynamically, so the
    /// thread that runs a given index is unspecified; each index runs exactly once.
    ///
    /// Nested calls, and calls made while another thread is using the pool, run serially on the
    /// calling thread.
    package static func forEach(_ count: Int, _ body: (Int) -> Void) {
        forEach(count, maximumThreads: ComputeThreads.maximum, body)
    }

    /// False while some thread is running a `forEach` on the pool: a call now would run serially,
    /// so a kernel had better not cut its work into parts for threads that will not come.
    package static var isAvailable: Bool { !WorkerPool.shared.isBusy }

    /// `forEach` with an explicit thread budget (caller included) instead of `ComputeThreads.maximum`.
    package static func forEach(_ count: Int, maximumThreads: Int, _ body: (Int) -> Void) {
        let threads = Swift.min(maximumThreads, count, WorkerPool.maximumThreads)
        guard threads > 1, WorkerPool.shared.acquire() else {
            for index in 0..<count { body(index) }
            return
        }
        defer { WorkerPool.shared.release() }
        WorkerPool.shared.run(count, workers: threads - 1, body)
    }
}

/// The shared workers and the hand-off protocol.
///
/// One job at a time: the thread holding `busy` publishes a job by storing a new generation in
/// `state`; a worker joins by incrementing the job's active count with a compare-and-swap that
/// fails once the job is closed or full, so the job fields are valid for as long as any worker
/// is active. The publisher runs indices too, then closes the job and waits for active == 0.
///
/// `state` layout: generation (bits 32...63), closed flag (bit 31), worker limit (16...30),
/// active workers (0...15).
private final class WorkerPool: @unchecked Sendable {
    // @unchecked: the plain stored properties below are written only by the thread holding `busy`,
    // before a generation is published (release) and after every worker has left it (acquire).
    static let shared = WorkerPool()
    static let maximumThreads = 64

    /// How long an idle worker spins before parking.
    private static let spinDuration = Duration.microseconds(200)

    private static let closedBit: UInt64 = 1 << 31
    private static let activeMask: UInt64 = 0xFFFF

    private let busy = Atomic<Bool>(false)
    private let state = Atomic<UInt64>(0)
    private let nextIndex = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)

    private var jobBody: UnsafeRawPointer?
    private var jobCount = 0
    private var workerCount = 0

    private let parkMutex: UnsafeMutablePointer<pthread_mutex_t>
    private let parkCondition: UnsafeMutablePointer<pthread_cond_t>

    private init() {
        parkMutex = .allocate(capacity: 1)
        parkCondition = .allocate(capacity: 1)
        pthread_mutex_init(parkMutex, nil)
        pthread_cond_init(parkCondition, nil)
    }

    func acquire() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    func release() {
        busy.store(false, ordering: .releasing)
    }

    var isBusy: Bool { busy.load(ordering: .relaxed) }

    /// Requires `busy`.
    func run(_ count: Int, workers: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { bodyPointer in
                let generation = UInt32(truncatingIfNeeded: state.load(ordering: .relaxed) >> 32)
                while workerCount < workers, spawnWorker(seenGeneration: generation) {
                    workerCount += 1
                }
                jobBody = UnsafeRawPointer(bodyPointer)
                jobCount = count
                nextIndex.store(0, ordering: .relaxed)
                let published = UInt64(generation &+ 1) << 32 | UInt64(workers) << 16
                state.store(published, ordering: .sequentiallyConsistent)
                if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                    pthread_mutex_lock(parkMutex)
                    pthread_cond_broadcast(parkCondition)
                    pthread_mutex_unlock(parkMutex)
                }

                runClaimedIndices(body, count: count)

                state.bitwiseOr(Self.closedBit, ordering: .acquiringAndReleasing)
                while state.load(ordering: .acquiring) & Self.activeMask != 0 {
                    dendrite_gemm_spin_pause()
                }
                jobBody = nil
            }
        }
    }

    private func runClaimedIndices(_ body: (Int) -> Void, count: Int) {
        while true {
            let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
            if index >= count { return }
            body(index)
        }
    }

    /// Joins the job of `generation` if it is still open and not full; returns after leaving it.
    private func participate(generation: UInt32) {
        var current = state.load(ordering: .acquiring)
        while true {
            let limit = (current >> 16) & 0x7FFF
            guard UInt32(truncatingIfNeeded: current >> 32) == generation,
                  current & Self.closedBit == 0,
                  current & Self.activeMask < limit
            else { return }
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiring)
            if exchanged { break }
            current = original
        }
        runJob()
        state.wrappingSubtract(1, ordering: .releasing)
    }

    // Separate so that the worker's copy of the closure is released before it leaves the job.
    @inline(never)
    private func runJob() {
        guard let jobBody else { return }
        let body = jobBody.assumingMemoryBound(to: ((Int) -> Void).self).pointee
        runClaimedIndices(body, count: jobCount)
    }

    /// Spins for up to `spinDuration`, then parks until a generation other than `seen` is published.
    private func waitForJob(after seen: UInt32) -> UInt32 {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.spinDuration)
        var spins = 0
        while true {
            let generation = UInt32(truncatingIfNeeded: state.load(ordering: .acquiring) >> 32)
            if generation != seen { return generation }
            dendrite_gemm_spin_pause()
            spins += 1
            if spins & 63 == 0, clock.now >= deadline { break }
        }
        pthread_mutex_lock(parkMutex)
        sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        var generation = seen
        while true {
            generation = UInt32(truncatingIfNeeded: state.load(ordering: .sequentiallyConsistent) >> 32)
            if generation != seen { break }
            pthread_cond_wait(parkCondition, parkMutex)
        }
        sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(parkMutex)
        return generation
    }

    private func workerLoop(seenGeneration: UInt32) -> Never {
        var seen = seenGeneration
        while true {
            seen = waitForJob(after: seen)
            participate(generation: seen)
        }
    }

    private final class WorkerStart {
        let pool: WorkerPool
        let seenGeneration: UInt32
        init(pool: WorkerPool, seenGeneration: UInt32) {
            self.pool = pool
            self.seenGeneration = seenGeneration
        }
    }

    private func spawnWorker(seenGeneration: UInt32) -> Bool {
        let start = Unmanaged.passRetained(WorkerStart(pool: self, seenGeneration: seenGeneration))
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let result = pthread_create(&thread, nil, { argument in
            let argument: UnsafeMutableRawPointer? = argument
            guard let argument else { return nil }
            let start = Unmanaged<WorkerStart>.fromOpaque(argument).takeRetainedValue()
            start.pool.workerLoop(seenGeneration: start.seenGeneration)
        }, start.toOpaque())
        guard result == 0 else {
            start.release()
            return false
        }
        #if canImport(Darwin)
        if let thread { pthread_detach(thread) }
        #else
        pthread_detach(thread)
        #endif
        return true
    }
}
