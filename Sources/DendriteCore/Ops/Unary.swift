// Element-wise functions and their derivatives, side by side.

extension Tensor {
    /// Applies `f` and records `derivative(x, y, gradient)` as the pullback, where `y = f(x)`.
    package func unary(_ name: String, _ f: (Float) -> Float,
                       derivative: @escaping (_ x: Tensor, _ y: Tensor, _ gradient: Tensor) -> Tensor) -> Tensor {
        let output = Tensor(shape: shape, storage: Elementwise.map(buffer, f))
        let input = detached()
        return Tensor.recorded(name, shape: shape, storage: output.storage, inputs: [self]) { g in
            [derivative(input, output, g)]
        }
    }

    /// A whole-buffer kernel such as ``VectorMath/exp(_:_:count:)``.
    package typealias VectorKernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// Applies a vectorised kernel and records `derivative(x, y, gradient)` as the pullback.
    package func unary(_ name: String, vectorized kernel: VectorKernel,
                       derivative: @escaping (_ x: Tensor, _ y: Tensor, _ gradient: Tensor) -> Tensor) -> Tensor {
        let storage = TensorStorage(count: count)
        if count > 0 { kernel(buffer.baseAddress!, storage.pointer, count) }
        let output = Tensor(shape: shape, storage: storage)
        let input = detached()
        return Tensor.recorded(name, shape: shape, storage: storage, inputs: [self]) { g in
            [derivative(input, output, g)]
        }
    }

    /// Same-shape element-wise combination of plain values (no recording), for pullbacks.
    package static func zipMap(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        precondition(a.shape == b.shape, "zipMap: shapes \(a.shape) and \(b.shape) differ")
        return Tensor(shape: a.shape, storage: Elementwise.zip(a.buffer, b.buffer, f))
    }

    /// eˣ.
    public func exp() -> Tensor {
        unary("exp", vectorized: { VectorMath.exp($0, $1, count: $2) }) { _, y, g in g * y }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        unary("log", vectorized: { VectorMath.log($0, $1, count: $2) }) { x, _, g in g / x }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        unary("sqrt", { $0.squareRoot() }) { _, y, g in Tensor.zipMap(g, y) { g, y in g / (2 * y) } }
    }

    /// x².
    public func squared() -> Tensor {
        unary("square", { $0 * $0 }) { x, _, g in Tensor.zipMap(g, x) { g, x in 2 * x * g } }
    }

    /// xᵖ for a constant exponent.
    public func pow(_ exponent: Float) -> Tensor {
        unary("pow", { _pow($0, exponent) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in g * exponent * _pow(x, exponent - 1) }
        }
    }

    /// |x|; its derivative is taken as 0 at 0, as in PyTorch.
    public func abs() -> Tensor {
        unary("abs", { $0.magnitude }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }
        }
    }

    /// −1, 0 or 1 by the sign of each element (zero gradient).
    public func sign() -> Tensor {
        unary("sign", { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }) { x, _, _ in .zeros(x.shape) }
    }

    /// Each element limited to `[lower, upper]`; the gradient passes only inside the range.
    public func clamped(to lower: Float, _ upper: Float) -> Tensor {
        precondition(lower <= upper, "clamped: lower bound \(lower) above upper bound \(upper)")
        return unary("clamp", { Swift.min(Swift.max($0, lower), upper) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in x >= lower && x <= upper ? g : 0 }
        }
    }

    /// The logistic function 1 / (1 + e⁻ˣ), computed without overflow.
    public func sigmoid() -> Tensor {
        unary("sigmoid", vectorized: { VectorMath.sigmoid($0, $1, count: $2) }) { _, y, g in Tensor.zipMap(g, y) { g, y in g * y * (1 - y) } }
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor {
        unary("tanh", vectorized: { VectorMath.tanh($0, $1, count: $2) }) { _, y, g in Tensor.zipMap(g, y) { g, y in g * (1 - y * y) } }
    }

    /// max(x, 0); the derivative at 0 is 0, as in PyTorch and Keras.
    public func relu() -> Tensor {
        unary("relu", { $0 > 0 ? $0 : 0 }) { x, _, g in Tensor.zipMap(g, x) { g, x in x > 0 ? g : 0 } }
    }

    @inline(__always)
    package static func logistic(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + _exp(-x)) }
        let e = _exp(x)
        return e / (1 + e)
    }
}
