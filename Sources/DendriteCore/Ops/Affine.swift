/// The activations that ``Tensor/affine(_:_:_:activation:)`` fuses into its pass over the output.
public enum FusedActivation: Sendable, Equatable {
    case identity, relu, sigmoid, tanh
}

extension Tensor {
    /// `activation(x · w + b)` as one operation: the matrix product, then a single pass that adds the
    /// bias and applies the activation; one graph node instead of three.
    ///
    /// Shapes: x `[…, k]`, w `[k, n]`, b `[n]` → `[…, n]`.
    /// Backward, with `y` the output: `dz = g ⊙ f′(y)` (relu: y > 0; sigmoid: y(1 − y);
    /// tanh: 1 − y²), then `dx = dz · wᵀ`, `dw = xᵀ · dz`, `db = Σ_rows dz`.
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor?, activation: FusedActivation = .identity) -> Tensor {
        precondition(x.rank >= 1 && w.rank == 2 && x.shape[x.rank - 1] == w.shape[0],
                     "affine: shapes \(x.shape) and \(w.shape) do not align")
        let k = w.shape[0], n = w.shape[1], m = x.count / Swift.max(k, 1)
        if let b { precondition(b.rank == 1 && b.shape[0] == n, "affine: bias of shape \(b.shape) for \(n) outputs") }
        var shape = x.shape
        shape[shape.count - 1] = n
        let storage = affineValues(x.storage.pointer, rows: m, w, b, activation: activation)
        // Inference (nothing to record) returns here, before the pullback's captures are built.
        guard GradientMode.isEnabled, x.node != nil || w.node != nil || b?.node != nil else {
            return Tensor(shape: shape, storage: storage)
        }
        let (input, weight, output) = (x.detached(), w.detached(), Tensor(shape: shape, storage: storage))
        let needs = (x.requiresGradient, w.requiresGradient, b?.requiresGradient ?? false)
        let inputs = [x, w] + (b.map { [$0] } ?? [])
        return recorded("affine", shape: shape, storage: storage, inputs: inputs) { g in
            let (dx, dw, db) = affineGradients(g, input: input, weight: weight, output: output, activation: activation,
                                               needsInput: needs.0, needsWeight: needs.1, needsBias: needs.2)
            return [dx, dw] + (b != nil ? [db] : [])
        }
    }

    /// The pullback of ``affine(_:_:_:activation:)`` for the output gradient `g`: `dz = g ⊙ f′(y)`,
    /// then the requested `dx = dz · wᵀ` (shaped like `input`), `dw = xᵀ · dz` and `db = Σ_rows dz`.
    package static func affineGradients(_ g: Tensor, input: Tensor, weight: Tensor, output: Tensor,
                                        activation: FusedActivation, needsInput: Bool, needsWeight: Bool,
                                        needsBias: Bool) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let k = weight.shape[0], n = weight.shape[1], m = input.count / Swift.max(k, 1)
        let dz: Tensor
        switch activation {
        case .identity: dz = g
        case .relu: dz = ChannelKernels.reluPullback(g, output: output)
        case .sigmoid: dz = zipMap(g, output) { g, y in g * y * (1 - y) }
        case .tanh: dz = zipMap(g, output) { g, y in g * (1 - y * y) }
        }
        // The kernels below read dz through a raw pointer: it must live until the last of them.
        defer { withExtendedLifetime(dz) {} }
        var dx: Tensor?, dw: Tensor?, db: Tensor?
        if needsInput {
            let storage = TensorStorage(count: m * k)
            Gemm.multiply(transposeA: false, transposeB: true, m: m, n: k, k: n, a: dz.buffer.baseAddress!, lda: n,
                          b: weight.buffer.baseAddress!, ldb: n, c: storage.pointer, ldc: k, accumulate: false)
            dx = Tensor(shape: input.shape, storage: storage)
        }
        if needsWeight {
            let storage = TensorStorage(count: k * n)
            Gemm.multiply(transposeA: true, transposeB: false, m: k, n: n, k: m, a: input.buffer.baseAddress!, lda: k,
                          b: dz.buffer.baseAddress!, ldb: n, c: storage.pointer, ldc: n, accumulate: false)
            dw = Tensor(shape: weight.shape, storage: storage)
        }
        if needsBias {
            db = Tensor(shape: [n], storage: Reduction.sum(dz.buffer.baseAddress!, outer: 1, length: m, inner: n))
        }
        return (dx, dw, db)
    }
}

extension Tensor {
    /// `activation(x · w + b)` for `rows` rows of x (each w.shape[0] long): the product with the bias
    /// and ReLU in its epilogue, then sigmoid or tanh in one vectorised pass.
    package static func affineValues(_ x: UnsafePointer<Float>, rows m: Int, _ w: Tensor, _ b: Tensor?,
                                     activation: FusedActivation) -> TensorStorage {
        let k = w.shape[0], n = w.shape[1]
        let storage = TensorStorage(count: m * n)
        Gemm.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k, a: x, lda: k,
                      b: w.storage.pointer, ldb: n, c: storage.pointer, ldc: n, accumulate: false,
                      bias: b?.storage.pointer, relu: activation == .relu)
        switch activation {
        case .identity, .relu: break
        case .sigmoid: VectorMath.sigmoid(storage.pointer, storage.pointer, count: m * n)
        case .tanh: VectorMath.tanh(storage.pointer, storage.pointer, count: m * n)
        }
        return storage
    }
}
