import DendriteCore

/// One activation function, Keras style: a differentiable element-wise (or last-axis) map of a
/// tensor, with a name and settings that `config.json` saves and ``ActivationRegistry`` rebuilds.
///
/// Layers hold it wrapped in an ``Activation`` (`Dense(8, activation: .relu)`). A new activation is
/// one file with a type conforming to this protocol plus one registry line:
///
/// ```swift
/// struct Cube: ActivationFunction {
///     var name: String { "cube" }
///     init() {}
///     init(configuration: ActivationConfiguration) throws {}
///     func callAsFunction(_ x: Tensor) -> Tensor { x * x * x }
/// }
/// ActivationRegistry.register(Cube.self, as: "cube")
/// let layer = Dense(4, activation: Activation(Cube()))
/// ```
///
/// Built from tensor operations, as `Cube` is, the function gets its gradient from autodiff; one
/// written element by element records its derivative beside it (see ``Activations/ELU``).
public protocol ActivationFunction: Sendable {
    /// Keras' name (`relu`), the key it is registered under in ``ActivationRegistry``.
    var name: String { get }
    /// The parameters with their `config.json` keys (`["alpha": 1]`); empty (the default) for a
    /// function without any, which is then saved as its bare name.
    var settings: [String: JSONValue] { get }
    /// Rebuilds the function from saved ``settings``; a missing key takes the default, and a bad
    /// value throws a ``DendriteError`` naming the setting (``ActivationConfiguration`` does both).
    init(configuration: ActivationConfiguration) throws
    /// Applies the function to any shape (functions that normalise do so along the last axis).
    func callAsFunction(_ x: Tensor) -> Tensor
}

extension ActivationFunction {
    public var settings: [String: JSONValue] { [:] }
}

/// The namespace of the built-in activation functions (`Activations.ReLU`), apart from the layers
/// of the same Keras names.
public enum Activations {}
