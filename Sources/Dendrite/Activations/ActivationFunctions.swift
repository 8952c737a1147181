import DendriteCore

// The activation functions beyond the core's sigmoid, tanh and relu, each with its derivative.

extension Tensor {
    /// Heaviside step: 1 where x ≥ 0, else 0. Used by the perceptron; its gradient is zero.
    public func step() -> Tensor {
        unary("step", { $0 >= 0 ? 1 : 0 }) { x, _, _ in .zeros(x.shape) }
    }

    /// x for x > 0, `slope · x` otherwise (default slope 0.01, as PyTorch and our course material;
    /// Keras' `LeakyReLU` layer defaults to 0.3).
    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        unary("leakyRelu", { $0 > 0 ? $0 : slope * $0 }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in x > 0 ? g : slope * g }
        }
    }

    /// x for x > 0, `alpha · (eˣ − 1)` otherwise.
    public func elu(alpha: Float = 1) -> Tensor {
        unary("elu", { $0 > 0 ? $0 : alpha * (_exp($0) - 1) }) { x, y, g in
            Tensor.zipMap(g, Tensor.zipMap(x, y) { x, y in x > 0 ? 1 : y + alpha }) { $0 * $1 }
        }
    }

    /// Scaled ELU with the self-normalising constants (α ≈ 1.6733, λ ≈ 1.0507).
    public func selu() -> Tensor {
        let alpha: Float = 1.673_263_2, scale: Float = 1.050_701
        return unary("selu", { $0 > 0 ? scale * $0 : scale * alpha * (_exp($0) - 1) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in g * (x > 0 ? scale : scale * alpha * _exp(x)) }
        }
    }

    /// Gaussian error linear unit: `x · Φ(x)` exactly (Keras' and PyTorch's default), or the tanh
    /// approximation when `approximate` is true.
    public func gelu(approximate: Bool = false) -> Tensor {
        let root2OverPi: Float = 0.797_884_56, cubic: Float = 0.044_715
        if approximate {
            return unary("gelu", { x in
                0.5 * x * (1 + _tanh(root2OverPi * (x + cubic * x * x * x)))
            }) { x, _, g in
                Tensor.zipMap(g, x) { g, x in
                    let inner = root2OverPi * (x + cubic * x * x * x)
                    let t = _tanh(inner)
                    return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * root2OverPi * (1 + 3 * cubic * x * x))
                }
            }
        }
        let inverseRoot2: Float = 0.707_106_78, inverseRoot2Pi: Float = 0.398_942_28
        return unary("gelu", { x in 0.5 * x * (1 + _erf(x * inverseRoot2)) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in
                g * (0.5 * (1 + _erf(x * inverseRoot2)) + x * inverseRoot2Pi * _exp(-0.5 * x * x))
            }
        }
    }

    /// x · σ(x) (also called SiLU).
    public func swish() -> Tensor {
        unary("swish", { $0 * Tensor.logistic($0) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in
                let s = Tensor.logistic(x)
                return g * (s + x * s * (1 - s))
            }
        }
    }

    /// log(1 + eˣ), stable for large |x|. Derivative σ(x).
    public func softplus() -> Tensor {
        unary("softplus", vectorized: { VectorMath.softplus($0, $1, count: $2) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in g * Tensor.logistic(x) }
        }
    }

    /// Piecewise-linear sigmoid `clip(x/6 + ½, 0, 1)` (Keras 3 and PyTorch).
    public func hardSigmoid() -> Tensor {
        unary("hardSigmoid", { Swift.min(Swift.max($0 / 6 + 0.5, 0), 1) }) { x, _, g in
            Tensor.zipMap(g, x) { g, x in x > -3 && x < 3 ? g / 6 : 0 }
        }
    }
}
