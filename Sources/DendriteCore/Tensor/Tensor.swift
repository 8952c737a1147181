/// An n-dimensional array of `Float` values in row-major order, with value semantics.
///
/// Copies share memory until one of them is written to (copy-on-write). A tensor that
/// ``requiresGradient`` records the operations made from it, and ``backward(gradient:retainGraph:)``
/// fills the ``gradient`` of every such leaf, as in PyTorch.
///
/// ```swift
/// var w = Tensor([[0.5, -0.2], [0.1, 0.3]])
/// w.requiresGradient = true
/// let loss = matmul(Tensor([[1, 2]]), w).sigmoid().sum()
/// loss.backward()
/// print(w.gradient!)   // shape [2, 2]
/// ```
public struct Tensor: @unchecked Sendable {
    // `@unchecked`: the graph node is a class, but it is only mutated by `backward()`, which
    // the caller runs on one thread at a time, as with PyTorch's autograd.

    /// The size of each axis; `[]` for a scalar.
    public let shape: [Int]
    package private(set) var storage: TensorStorage
    package var node: GradNode?

    package init(shape: [Int], storage: TensorStorage, node: GradNode? = nil) {
        precondition(storage.count == Shape.count(shape),
                     "Tensor: \(storage.count) values cannot have shape \(shape)")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative size in shape \(shape)")
        precondition(scalars.count == Shape.count(shape),
                     "Tensor: \(scalars.count) values do not fill shape \(shape) (\(Shape.count(shape)) needed)")
        self.init(shape: shape, storage: TensorStorage(copying: scalars))
    }

    /// A rank-0 tensor (a scalar).
    public init(_ value: Float) { self.init(shape: [], scalars: [value]) }

    /// A vector.
    public init(_ values: [Float]) { self.init(shape: [values.count], scalars: values) }

    /// A matrix from its rows; every row must have the same length.
    public init(_ rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "Tensor: rows of different lengths")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// A rank-3 tensor from nested arrays; every level must be rectangular.
    public init(_ blocks: [[[Float]]]) {
        let rows = blocks.first?.count ?? 0
        let width = blocks.first?.first?.count ?? 0
        precondition(blocks.allSatisfy { $0.count == rows && $0.allSatisfy { $0.count == width } },
                     "Tensor: nested arrays are not rectangular")
        self.init(shape: [blocks.count, rows, width], scalars: blocks.flatMap { $0.flatMap { $0 } })
    }

    /// Number of axes.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { storage.count }
    /// All elements in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }
    /// The only element of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar: tensor of shape \(shape) has \(count) elements, not 1")
        return storage.pointer[0]
    }

    /// The element at a full index (one integer per axis).
    public subscript(_ indices: Int...) -> Float {
        get { storage.pointer[Shape.offset(of: indices, in: shape)] }
        set {
            let offset = Shape.offset(of: indices, in: shape)
            withMutableBuffer { $0[offset] = newValue }
        }
    }

    package var buffer: UnsafeBufferPointer<Float> { storage.buffer }

    /// Writes into the elements in place (copying them first if another tensor shares them).
    /// Used by optimizers; the autodiff graph does not see such writes.
    package mutating func withMutableBuffer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) || storage.isView { storage = storage.copy() }
        return try body(storage.mutableBuffer)
    }
}

extension Tensor {
    /// Makes the storage unique and returns its buffer, valid while this tensor is alive and not
    /// copied or reassigned. For optimizer state that is updated in place step after step.
    package mutating func uniquelyOwnedBuffer() -> UnsafeMutableBufferPointer<Float> {
        if !isKnownUniquelyReferenced(&storage) || storage.isView { storage = storage.copy() }
        return storage.mutableBuffer
    }
}

extension Tensor: Equatable {
    /// Same shape and the same elements (gradient information is ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.buffer.elementsEqual(rhs.buffer)
    }
}
