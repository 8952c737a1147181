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
    /// together (like `torch.where`).
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let mask = condition.detached() .!= 0
        return a * mask + b * (1 - mask)
    }
}
