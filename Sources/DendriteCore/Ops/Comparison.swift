import CDendriteKernels

// Comparisons produce masks of 1s and 0s (not differentiable); `select` routes gradients by a mask.

extension Tensor {
    private static func mask(_ name: String, _ a: Tensor, _ b: Tensor, _ test: (Float, Float) -> Bool) -> Tensor {
        let shape = Shape.broadcast(a.shape, b.shape, operation: name)
        return Tensor(shape: shape, storage: Elementwise.broadcast(a, b, to: shape) { test($0, $1) ? 1 : 0 })
    }

    public static func .> (a: Tensor, b: Tensor) -> Tensor { mask(".>", a, b, >) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { mask(".>=", a, b, >=) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { mask(".<", a, b, <) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { mask(".<=", a, b, <=) }
    public static func .== (a: Tensor, b: Tensor) -> Tensor { mask(".==", a, b, ==) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { mask(".!=", a, b, !=) }
    public static func .> (a: Tensor, b: Float) -> Tensor { a .> Tensor(b) }
    public static func .>= (a: Tensor, b: Float) -> Tensor { a .>= Tensor(b) }
    public static func .< (a: Tensor, b: Float) -> Tensor { a .< Tensor(b) }
    public static func .<= (a: Tensor, b: Float) -> Tensor { a .<= Tensor(b) }
    public static func .== (a: Tensor, b: Float) -> Tensor { a .== Tensor(b) }
    public static func .!= (a: Tensor, b: Float) -> Tensor { a .!= Tensor(b) }

    /// Elements of `a` where `condition` is non-zero and of `b` elsewhere, all three broadcast
    /// together (like `torch.where`). Values of the branch not chosen never leak in, even if they
    /// are infinite or NaN; the gradient goes to the chosen branch only.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = Shape.broadcast(Shape.broadcast(condition.shape, a.shape, operation: "select"), b.shape,
                                    operation: "select")
        let mask = condition.detached().broadcast(to: shape)
        let x = a.detached().broadcast(to: shape), y = b.detached().broadcast(to: shape)
        let storage = TensorStorage(count: mask.count)
        for i in 0..<mask.count { storage.pointer[i] = mask.buffer[i] != 0 ? x.buffer[i] : y.buffer[i] }
        let (aShape, bShape) = (a.shape, b.shape)
        return recorded("select", shape: shape, storage: storage, inputs: [a, b]) { g in
            let toA = Tensor.zipMap(g, mask) { g, m in m != 0 ? g : 0 }
            let toB = Tensor.zipMap(g, mask) { g, m in m != 0 ? 0 : g }
            return [toA.unbroadcast(to: aShape), toB.unbroadcast(to: bShape)]
        }
    }
}

extension Tensor {
    /// The row-major position of the first NaN or infinite element, or nil when every element is
    /// finite. A vectorised scan, for validating data before it reaches a model.
    public var firstNonFiniteIndex: Int? {
        guard count >= Self.parallelScanThreshold, ComputeThreads.maximum > 1 else {
            let index = dendrite_first_nonfinite(storage.pointer, count)
            return index < 0 ? nil : index
        }
        // A large tensor is scanned in one contiguous part per thread; the first part with a hit wins.
        let parts = ComputeThreads.maximum
        var hits = [Int](repeating: -1, count: parts)
        let base = storage.pointer, total = count
        hits.withUnsafeMutableBufferPointer { hits in
            Parallel.forEach(parts) { part in
                let start = total * part / parts, end = total * (part + 1) / parts
                let index = dendrite_first_nonfinite(base + start, end - start)
                hits[part] = index < 0 ? -1 : start + index
            }
        }
        return hits.first { $0 >= 0 }
    }

    /// Elements (256 Ki floats, 1 MiB) from which the finite-value scan uses every thread.
    private static let parallelScanThreshold = 1 << 18
}
