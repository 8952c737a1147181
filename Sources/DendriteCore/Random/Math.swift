#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Scalar libm entry points under names that tensor methods such as `Tensor.exp()` cannot shadow.
@inline(__always) package func _exp(_ x: Float) -> Float { expf(x) }
@inline(__always) package func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) package func _log(_ x: Float) -> Float { logf(x) }
@inline(__always) package func _log(_ x: Double) -> Double { log(x) }
@inline(__always) package func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) package func _tanh(_ x: Float) -> Float { tanhf(x) }
@inline(__always) package func _pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
@inline(__always) package func _log1p(_ x: Float) -> Float { log1pf(x) }
@inline(__always) package func _erf(_ x: Float) -> Float { erff(x) }
