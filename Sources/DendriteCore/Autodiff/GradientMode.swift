/// Whether new operations are recorded for automatic differentiation.
///
/// Recording is on by default. Inference and optimizer updates run with it off:
/// ```swift
/// let probabilities = GradientMode.disabled { model(x) }
/// ```
public enum GradientMode {
    @TaskLocal static var recording = true

    /// True when operations on tensors that require gradients are being recorded.
    public static var isEnabled: Bool { recording }

    /// Runs `body` without recording operations (like `torch.no_grad()`).
    public static func disabled<R>(_ body: () throws -> R) rethrows -> R {
        try $recording.withValue(false, operation: body)
    }

    /// Runs `body` with recording on, even inside a disabled scope.
    public static func enabled<R>(_ body: () throws -> R) rethrows -> R {
        try $recording.withValue(true, operation: body)
    }
}
