import CDendriteKernels

/// One layer of ``Tensor/affineChain(_:_:)``: `activation(x · weight + bias)`.
package struct AffineStep {
    /// What follows the product: an activation that ``Tensor/affine(_:_:_:activation:)`` fuses, or a
    /// softmax over the outputs.
    package enum Activation: Equatable {
        case fused(FusedActivation)
        case softmax
    }

    package let weight: Tensor
    package let bias: Tensor?
    package let activation: Activation

    package init(weight: Tensor, bias: Tensor?, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }
}

extension Tensor {
    /// At most this many rows go through ``affineChain(_:_:)`` with every layer shared between threads.
    package static let sharedChainMaximumRows = 4

    /// In a shared chain, a layer of at least this many multiply-adds is cut between the threads;
    /// a smaller one is left to whichever thread gets there first.
    package static let sharedChainPartThreshold = 16 * 1024

    /// Inference through consecutive affine layers, recording nothing. Each step runs the kernels of
    /// ``affine(_:_:_:activation:)`` (and of ``softmax(alongAxis:)`` on the last axis), so the values
    /// are identical, but without the per-operation tensors, checks and graph bookkeeping: for a
    /// single sample those cost as much as the arithmetic.
    package static func affineChain(_ x: Tensor, _ steps: [AffineStep]) -> Tensor {
        var shape = x.shape
        for step in steps {
            let k = step.weight.shape[0], n = step.weight.shape[1]
            precondition(step.weight.rank == 2 && shape.last == k && (step.bias.map { $0.rank == 1 && $0.shape[0] == n } ?? true),
                         "affineChain: input \(shape), weight \(step.weight.shape), bias \(step.bias?.shape ?? [])")
            shape[shape.count - 1] = n
        }
        let m = x.count / Swift.max(steps.first?.weight.shape[0] ?? 1, 1)
        if let output = sharedChain(x.storage, rows: m, steps) { return Tensor(shape: shape, storage: output) }
        var input = x.storage
        for step in steps { input = affineStep(input, rows: m, step) }
        return Tensor(shape: shape, storage: input)
    }

    /// One step of ``affineChain(_:_:)`` on `rows` rows of `input`. The kernels take raw pointers, so
    /// each storage they read is a parameter or kept alive explicitly: a buffer freed too early goes
    /// back to the pool and may be handed out again before it is read.
    private static func affineStep(_ input: TensorStorage, rows m: Int, _ step: AffineStep) -> TensorStorage {
        switch step.activation {
        case .fused(let activation):
            return affineValues(input.pointer, rows: m, step.weight, step.bias, activation: activation)
        case .softmax:
            let logits = affineValues(input.pointer, rows: m, step.weight, step.bias, activation: .identity)
            return withExtendedLifetime(logits) { lastAxisSoftmax(logits.pointer, rows: m, length: step.weight.shape[1]) }
        }
    }

    /// The chain for a few rows with every thread working on every large layer at once (see
    /// `dendrite_chain_run`): one hand-off for the whole chain instead of one per layer, and each core
    /// streams its own share of the weights. Nil when it does not apply: many rows, one thread, a
    /// busy pool, no layer worth cutting, or a softmax before the last step.
    private static func sharedChain(_ input: TensorStorage, rows m: Int, _ steps: [AffineStep]) -> TensorStorage? {
        let threads = ComputeThreads.maximum
        guard m <= sharedChainMaximumRows, threads > 1, Parallel.isAvailable else { return nil }
        return sharedChain(input, rows: m, steps, threads: threads) { chain, count in
            Parallel.forEach(count) { thread in dendrite_chain_run(chain, Int32(thread)) }
        }
    }

    /// Lays out the chain of `steps` for `threads` threads and has `run(chain, count)` call
    /// `dendrite_chain_run(chain, t)` once for every t in `0..<count`; returns the chain's output, or
    /// nil when no layer is large enough to cut or a softmax comes before the last step. Allocates
    /// only the result.
    package static func sharedChain(
        _ input: TensorStorage, rows m: Int, _ steps: [AffineStep], threads: Int,
        run: (UnsafePointer<dendrite_chain>, Int) -> Void
    ) -> TensorStorage? {
        guard let last = steps.last else { return nil }
        func parts(_ step: AffineStep) -> Int {
            let k = step.weight.shape[0], n = step.weight.shape[1], tile = Int(DENDRITE_GEMM_TILE_COLUMNS)
            return m * n * k >= sharedChainPartThreshold ? Swift.min(threads, (n + tile - 1) / tile) : 1
        }
        var widest = 1, partCount = 0, scratchCount = 0
        for (index, step) in steps.enumerated() {
            let isLast = index == steps.count - 1
            if step.activation == .softmax, !isLast { return nil }
            let stepParts = parts(step)
            widest = Swift.max(widest, stepParts)
            partCount += stepParts
            // A softmax's logits go to scratch too; the softmax then writes the result.
            if !isLast || step.activation == .softmax { scratchCount += m * step.weight.shape[1] }
        }
        guard widest > 1 else { return nil }
        let width = last.weight.shape[1]
        let result = last.activation == .softmax ? nil : TensorStorage(count: m * width)
        return withExtendedLifetime((steps, input)) {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: scratchCount) { scratch in
                withUnsafeTemporaryAllocation(of: dendrite_chain_layer.self, capacity: steps.count) { layers in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: partCount + steps.count) { counters in
                        counters.initialize(repeating: 0)
                        var next = scratch.baseAddress
                        for (index, step) in steps.enumerated() {
                            let n = step.weight.shape[1]
                            let output = index == steps.count - 1 ? result?.pointer ?? next : next
                            next = next.map { $0 + m * n }
                            layers.initializeElement(at: index, to: dendrite_chain_layer(
                                weight: step.weight.storage.pointer, bias: step.bias.map { UnsafePointer($0.storage.pointer) },
                                output: output, k: step.weight.shape[0], n: n,
                                activation: chainActivation(step.activation), parts: Int32(parts(step))))
                        }
                        var chain = dendrite_chain(
                            input: input.pointer, m: m, layers: layers.baseAddress, count: Int32(steps.count),
                            claimed: counters.baseAddress, finished: counters.baseAddress.map { $0 + partCount })
                        withUnsafePointer(to: &chain) { run($0, Swift.min(threads, widest)) }
                        let output = layers[steps.count - 1].output
                        layers.deinitialize()
                        return result ?? lastAxisSoftmax(output!, rows: m, length: width)
                    }
                }
            }
        }
    }

    private static func chainActivation(_ activation: AffineStep.Activation) -> dendrite_chain_activation {
        switch activation {
        case .fused(.identity), .softmax: DENDRITE_CHAIN_IDENTITY
        case .fused(.relu): DENDRITE_CHAIN_RELU
        case .fused(.sigmoid): DENDRITE_CHAIN_SIGMOID
        case .fused(.tanh): DENDRITE_CHAIN_TANH
        }
    }
}
