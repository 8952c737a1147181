/// Element-by-element loops over tensor memory. Everything above this file reads like maths;
/// the pointer work is here.
package enum Elementwise {
    /// `f` applied to every element.
    @inline(__always)
    package static func map(_ x: UnsafeBufferPointer<Float>, _ f: (Float) -> Float) -> TensorStorage {
        let result = TensorStorage(count: x.count)
        let input = x.baseAddress!, output = result.pointer
        for i in 0..<x.count { output[i] = f(input[i]) }
        return result
    }

    /// `f` applied to pairs of elements of two buffers of the same length.
    @inline(__always)
    package static func zip(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>,
                            _ f: (Float, Float) -> Float) -> TensorStorage {
        precondition(a.count == b.count, "zip: \(a.count) and \(b.count) elements")
        let result = TensorStorage(count: a.count)
        let x = a.baseAddress!, y = b.baseAddress!, output = result.pointer
        for i in 0..<a.count { output[i] = f(x[i], y[i]) }
        return result
    }

    /// `f` applied to pairs of elements of `a` and `b` broadcast to `shape` by NumPy rules.
    @inline(__always)
    package static func broadcast(_ a: Tensor, _ b: Tensor, to shape: [Int],
                                  _ f: (Float, Float) -> Float) -> TensorStorage {
        let count = Shape.count(shape)
        let result = TensorStorage(count: count)
        let out = result.pointer
        let x = a.buffer.baseAddress!, y = b.buffer.baseAddress!
        if a.shape == b.shape {
            for i in 0..<count { out[i] = f(x[i], y[i]) }
        } else if b.count == 1 {
            let scalar = y[0]
            for i in 0..<count { out[i] = f(x[i], scalar) }
        } else if a.count == 1 {
            let scalar = x[0]
            for i in 0..<count { out[i] = f(scalar, y[i]) }
        } else if a.shape == shape, shape.suffix(b.rank).elementsEqual(b.shape) {
            // b repeats along the leading axes (a bias added to every row).
            let width = b.count
            for row in 0..<(count / width) {
                let base = row * width
                for j in 0..<width { out[base + j] = f(x[base + j], y[j]) }
            }
        } else if b.shape == shape, shape.suffix(a.rank).elementsEqual(a.shape) {
            let width = a.count
            for row in 0..<(count / width) {
                let base = row * width
                for j in 0..<width { out[base + j] = f(x[j], y[base + j]) }
            }
        } else {
            general(x, Shape.broadcastStrides(a.shape, to: shape),
                    y, Shape.broadcastStrides(b.shape, to: shape), out, shape, f)
        }
        return result
    }

    @inline(__always)
    private static func general(_ x: UnsafePointer<Float>, _ xStrides: [Int],
                                _ y: UnsafePointer<Float>, _ yStrides: [Int],
                                _ out: UnsafeMutablePointer<Float>, _ shape: [Int],
                                _ f: (Float, Float) -> Float) {
        let rank = shape.count
        let width = shape[rank - 1], xStep = xStrides[rank - 1], yStep = yStrides[rank - 1]
        let rows = Shape.count(shape) / Swift.max(width, 1)
        var index = Array(repeating: 0, count: rank)
        var xOffset = 0, yOffset = 0
        for row in 0..<rows {
            let base = row * width
            for j in 0..<width { out[base + j] = f(x[xOffset + j * xStep], y[yOffset + j * yStep]) }
            // Advance the multi-index over all axes but the last, like an odometer.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                xOffset += xStrides[axis]
                yOffset += yStrides[axis]
                if index[axis] < shape[axis] { break }
                xOffset -= xStrides[axis] * shape[axis]
                yOffset -= yStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

/// Reductions along one axis of a tensor seen as `[outer, length, inner]`.
package enum Reduction {
    /// Sums along the middle axis, accumulating in Double so long sums stay accurate.
    package static func sum(_ x: UnsafePointer<Float>, outer: Int, length: Int, inner: Int) -> TensorStorage {
        let result = TensorStorage(count: outer * inner)
        let out = result.pointer
        if inner == 1 {
            for o in 0..<outer {
                var total = 0.0
                let row = x + o * length
                for l in 0..<length { total += Double(row[l]) }
                out[o] = Float(total)
            }
        } else {
            var totals = [Double](repeating: 0, count: inner)
            for o in 0..<outer {
                totals.withUnsafeMutableBufferPointer { acc in
                    for i in 0..<inner { acc[i] = 0 }
                    for l in 0..<length {
                        let row = x + (o * length + l) * inner
                        for i in 0..<inner { acc[i] += Double(row[i]) }
                    }
                    for i in 0..<inner { out[o * inner + i] = Float(acc[i]) }
                }
            }
        }
        return result
    }

    /// The extreme (maximum when `greatest`, else minimum) along the middle axis; NaN wins.
    package static func extreme(_ x: UnsafePointer<Float>, outer: Int, length: Int, inner: Int,
                                greatest: Bool) -> TensorStorage {
        let result = TensorStorage(count: outer * inner)
        let out = result.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = x[o * length * inner + i]
                for l in 1..<Swift.max(length, 1) {
                    let v = x[(o * length + l) * inner + i]
                    if v.isNaN || (greatest ? v > best : v < best) { best = v }
                    if best.isNaN { break }
                }
                out[o * inner + i] = best
            }
        }
        return result
    }

    /// Index of the first maximum along the middle axis, as a Float.
    package static func argmax(_ x: UnsafePointer<Float>, outer: Int, length: Int, inner: Int,
                               greatest: Bool) -> TensorStorage {
        let result = TensorStorage(count: outer * inner)
        let out = result.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = x[o * length * inner + i], bestIndex = 0
                for l in 1..<Swift.max(length, 1) {
                    let v = x[(o * length + l) * inner + i]
                    if greatest ? v > best : v < best { best = v; bestIndex = l }
                }
                out[o * inner + i] = Float(bestIndex)
            }
        }
        return result
    }
}
