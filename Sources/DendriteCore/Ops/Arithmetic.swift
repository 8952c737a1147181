// + − × ÷ with NumPy broadcasting. Each operation's derivative sits beside its forward pass;
// gradients of broadcast operands are summed back to the operand's shape.

extension Tensor {
    /// The gradient of a broadcast operand: `self` summed over the axes that broadcasting added
    /// or stretched, so that it has `shape`.
    package func unbroadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        var axes = Array(0..<lead)
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 {
            axes.append(lead + i)
        }
        return sum(alongAxes: axes, keepingDimensions: true).reshaped(target)
    }

    package static func binary(_ name: String, _ a: Tensor, _ b: Tensor,
                               _ f: (Float, Float) -> Float,
                               pullback: @escaping (_ gradient: Tensor, _ needsA: Bool, _ needsB: Bool) -> (Tensor?, Tensor?)) -> Tensor {
        let shape = Shape.broadcast(a.shape, b.shape, operation: name)
        let storage = Elementwise.broadcast(a, b, to: shape, f)
        let (aShape, bShape) = (a.shape, b.shape)
        let (needsA, needsB) = (a.requiresGradient, b.requiresGradient)
        return recorded(name, shape: shape, storage: storage, inputs: [a, b]) { gradient in
            let (da, db) = pullback(gradient, needsA, needsB)
            return [needsA ? da?.unbroadcast(to: aShape) : nil, needsB ? db?.unbroadcast(to: bShape) : nil]
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        binary("add", a, b, +) { g, _, _ in (g, g) }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        binary("subtract", a, b, -) { g, _, needsB in (g, needsB ? -g : nil) }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binary("multiply", a, b, *) { g, needsA, needsB in
            (needsA ? g * b.detached() : nil, needsB ? g * a.detached() : nil)
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binary("divide", a, b, /) { g, needsA, needsB in
            let denominator = b.detached()
            return (needsA ? g / denominator : nil,
                    needsB ? -g * a.detached() / (denominator * denominator) : nil)
        }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        let storage = Elementwise.map(x.buffer) { -$0 }
        return recorded("negate", shape: x.shape, storage: storage, inputs: [x]) { g in [-g] }
    }

    // With a constant scalar operand these are one-input operations: no broadcasting and no
    // gradient for the constant.
    public static func + (a: Tensor, b: Float) -> Tensor { a.unary("addScalar", { $0 + b }) { _, _, g in g } }
    public static func + (a: Float, b: Tensor) -> Tensor { b + a }
    public static func - (a: Tensor, b: Float) -> Tensor { a.unary("subtractScalar", { $0 - b }) { _, _, g in g } }
    public static func - (a: Float, b: Tensor) -> Tensor { b.unary("scalarSubtract", { a - $0 }) { _, _, g in -g } }
    public static func * (a: Tensor, b: Float) -> Tensor { a.unary("scale", { $0 * b }) { _, _, g in g * b } }
    public static func * (a: Float, b: Tensor) -> Tensor { b * a }
    public static func / (a: Tensor, b: Float) -> Tensor { a.unary("divideByScalar", { $0 / b }) { _, _, g in g / b } }
    public static func / (a: Float, b: Tensor) -> Tensor {
        b.unary("scalarDivide", { a / $0 }) { x, _, g in Tensor.zipMap(g, x) { g, x in -g * a / (x * x) } }
    }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}

/// The larger of two tensors, element by element, with broadcasting. Where they are equal the
/// gradient is split evenly, as in PyTorch.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    Tensor.binary("maximum", a, b, { Swift.max($0, $1) }) { g, _, _ in
        let (x, y) = (a.detached(), b.detached())
        let share = Tensor.selectionShare(x, y, greater: true)
        return (g * share, g * (1 - share))
    }
}

/// The smaller of two tensors, element by element, with broadcasting.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    Tensor.binary("minimum", a, b, { Swift.min($0, $1) }) { g, _, _ in
        let (x, y) = (a.detached(), b.detached())
        let share = Tensor.selectionShare(x, y, greater: false)
        return (g * share, g * (1 - share))
    }
}

extension Tensor {
    /// 1 where `x` wins, 0 where `y` wins, ½ on ties.
    fileprivate static func selectionShare(_ x: Tensor, _ y: Tensor, greater: Bool) -> Tensor {
        let shape = Shape.broadcast(x.shape, y.shape, operation: "maximum")
        let storage = Elementwise.broadcast(x, y, to: shape) { u, v in
            u == v ? 0.5 : ((u > v) == greater ? 1 : 0)
        }
        return Tensor(shape: shape, storage: storage)
    }
}
