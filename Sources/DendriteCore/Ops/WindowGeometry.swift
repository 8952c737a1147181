/// How a sliding window treats the borders (Keras' `padding`).
public enum Padding: String, Sendable, Equatable, Hashable {
    /// No padding: only windows that fit inside the input; output size ⌊(in − window) / stride⌋ + 1.
    case valid
    /// Zero padding (ignored by pooling) so that the output size is ⌈in / stride⌉. As Keras/TF, the
    /// total padding is max((out − 1)·stride + window − in, 0), the odd element at the bottom/right.
    case same
}

/// One spatial axis of a sliding window (convolution or pooling): the sizes and the padding that
/// follows from them. A dilated window spans (window − 1)·dilation + 1 input positions.
public struct WindowAxis: Sendable, Equatable {
    public let input: Int
    public let window: Int
    public let stride: Int
    public let dilation: Int
    public let padding: Padding

    public init(input: Int, window: Int, stride: Int, dilation: Int = 1, padding: Padding) {
        self.input = input
        self.window = window
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
    }

    /// Input positions covered by one window.
    public var span: Int { (window - 1) * dilation + 1 }

    /// Output positions along this axis (0 when a valid window does not fit).
    public var output: Int {
        switch padding {
        case .same: return (input + stride - 1) / stride
        case .valid: return input >= span ? (input - span) / stride + 1 : 0
        }
    }

    /// Zeros added before the first input position; the rest of the total padding goes after the last.
    public var paddingBefore: Int {
        guard padding == .same else { return 0 }
        return Swift.max((output - 1) * stride + span - input, 0) / 2
    }

    /// Whether the sizes are positive and at least one window fits.
    public var isUsable: Bool { input > 0 && window > 0 && stride > 0 && dilation > 0 && output > 0 }
}
