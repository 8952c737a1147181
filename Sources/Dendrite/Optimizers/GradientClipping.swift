import DendriteCore

/// Gradient clipping before the update: each gradient's norm to `norm`, all gradients' joint norm to
/// `globalNorm`, and each element to ±`value` (Keras' `clipnorm`, `global_clipnorm`, `clipvalue`).
public struct GradientClipping: Sendable, Equatable {
    public var norm: Float?
    public var globalNorm: Float?
    public var value: Float?

    public init(norm: Float? = nil, globalNorm: Float? = nil, value: Float? = nil) {
        self.norm = norm
        self.globalNorm = globalNorm
        self.value = value
    }

    func validate() throws {
        for (label, setting) in [("clipNorm", norm), ("globalClipNorm", globalNorm), ("clipValue", value)] {
            if let setting, !(setting > 0 && setting.isFinite) {
                throw DendriteError.argument("\(label) must be a positive number, got \(setting)")
            }
        }
    }

    /// The gradients after clipping, in order: value, then each norm, then the global norm.
    func clip(_ gradients: [Tensor]) -> [Tensor] {
        var gradients = gradients
        if let value {
            gradients = gradients.map { $0.clamped(to: -value, value) }
        }
        if let norm {
            gradients = gradients.map { gradient in
                let length = gradient.squared().sum().scalar.squareRoot()
                return length > norm ? gradient * (norm / length) : gradient
            }
        }
        if let globalNorm {
            let length = gradients.reduce(Float(0)) { $0 + $1.squared().sum().scalar }.squareRoot()
            if length > globalNorm { gradients = gradients.map { $0 * (globalNorm / length) } }
        }
        return gradients
    }
}
